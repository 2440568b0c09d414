// What the UI tests share: real VS Code (code-server with the packaged .vsix) and Debian's chromium, both in a
// throwaway namespace together with any engine the extension deploys, so nothing they do reaches the
// machine's own network. Each test gets its own work folder, namespace, engine location and object prefix.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dockerReachable } from '../support/docker';
import { isRoot, requireOrSkip, which } from '../support/env';
import type { SkippableContext } from '../support/env';
import { createNetns, listNetns } from '../support/netns';
import type { Netns } from '../support/netns';
import { run } from '../support/proc';

export const repo = join(__dirname, '..', '..');
export const shots = join(repo, 'test-results', 'ui');

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface CodeServerScripts {
  installCodeServer(): void;
  packageExtension(out: string): string;
  startCodeServer(o: {
    vsix: string;
    folder: string;
    settings?: object;
    machineSettings?: object;
    netns?: string;
    env?: Record<string, string>;
  }): Promise<{
    url: string;
    stop(): Promise<void>;
  }>;
}

export interface Editor {
  page: Page;
  /** The opened workspace folder (inside `work`). */
  folder: string;
  work: string;
  ns: Netns;
  /** Prefix of every engine object; `cleanupEngine` removes what is left. */
  prefix: string;
  /** The engine's socket in this test's work folder. */
  socket: string;
  url: string;
}

type TestContext = SkippableContext & { after(fn: () => unknown): void };

/**
 * Checks the prerequisites (root, chromium, dockerd, code-server), then opens `prepare(folder)` in real VS Code
 * inside a new namespace, with `settings` added to the remote machine's settings. Returns undefined when the test was skipped. Everything is undone in `t.after`.
 */
export async function openEditor(
  t: TestContext,
  name: string,
  prepare: (folder: string) => void,
  /**
   * Switchyard settings on top of the harness's own (engine locations, prefix), written to code-server's
   * remote machine settings: its window is a remote one, where `machine`-scoped settings in the user
   * settings are not applied (or only by chance, see scripts/ui/code-server.mjs).
   */
  settings: Record<string, unknown> = {},
  /** Added to code-server's environment (and so the extension host's): a HOME with its own ~/.ssh. */
  env: Record<string, string> = {},
): Promise<Editor | undefined> {
  if (!requireOrSkip(t, isRoot(), 'needs root: editor, browser and engine run in a throwaway namespace'))
    return;
  if (!requireOrSkip(t, which('chromium') !== undefined, 'needs Debian chromium (apt-get install chromium)'))
    return;
  if (!requireOrSkip(t, await dockerReachable(), 'needs a running dockerd (scripts/ci/services.sh start)'))
    return;
  const scripts = (await import(join(repo, 'scripts', 'ui', 'code-server.mjs'))) as CodeServerScripts;
  try {
    scripts.installCodeServer();
  } catch (err) {
    if (!requireOrSkip(t, false, `code-server could not be installed: ${(err as Error).message}`)) return;
  }
  mkdirSync(shots, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `sy-ui-${name}-`));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const folder = join(work, 'project');
  mkdirSync(folder);
  prepare(folder);
  const vsix = scripts.packageExtension(join(work, 'switchyard.vsix'));
  const ns = await createNetns(`sy-${name}`);
  const prefix = `${name.slice(0, 1)}${(process.pid % 46656).toString(36)}`;
  const engineDir = join(work, 'engine');
  const socket = join(engineDir, 'engine.sock');
  t.after(async () => {
    await removePrefixed(prefix);
    await ns.delete();
  });
  const server = await scripts.startCodeServer({
    vsix,
    folder,
    netns: ns.name,
    env,
    settings: { 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true },
    machineSettings: {
      'switchyard.engine.socket': socket,
      'switchyard.engine.stateDir': join(engineDir, 'state'),
      'switchyard.engine.logFile': join(engineDir, 'engine.log'),
      'switchyard.engine.installDir': join(engineDir, 'bin'),
      'switchyard.engine.prefix': prefix,
      ...settings,
    },
  });
  t.after(() => server.stop());
  const browserInNs = join(work, 'chromium-in-ns');
  writeFileSync(
    browserInNs,
    `#!/bin/sh\nexec ip netns exec ${ns.name} ${which('chromium') ?? 'chromium'} "$@"\n`,
  );
  chmodSync(browserInNs, 0o755);
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({ executablePath: browserInNs, args: chromiumArgs });
  t.after(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { page, folder, work, ns, prefix, socket, url: server.url };
}

/** Runs the engine CLI against the test's engine (ignoring failures: used for cleanup). */
export function engineCli(socket: string, ...args: string[]) {
  return run([process.execPath, join(repo, 'dist', 'engine.js'), '--socket', socket, ...args]);
}

/**
 * What the engine made with the test's prefix outside the test's namespace: sandbox namespaces the test did
 * not get to remove, their /etc/netns files, and the daemon's prefix lock under /run/switchyard.
 */
async function removePrefixed(prefix: string): Promise<void> {
  for (const name of await listNetns()) if (name.startsWith(prefix)) await run(['ip', 'netns', 'del', name]);
  const etc = '/etc/netns';
  if (existsSync(etc))
    for (const name of readdirSync(etc))
      if (name.startsWith(`${prefix}-sb-`)) rmSync(join(etc, name), { recursive: true, force: true });
  rmSync(`/run/switchyard/prefix-${prefix}.lock`, { force: true });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

/** Runs `body`; on failure saves a screenshot named `<name>-failed` before rethrowing. */
export async function withShot(page: Page, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await shot(page, `${name}-failed`).catch(() => undefined);
    throw err;
  }
}

/** A Unix socket that counts the connections made to it (and drops each): nothing may reach it unasked. */
function countingSocket(path: string): { server: Server; count: () => number } {
  let n = 0;
  const server = createServer((s) => {
    n++;
    s.destroy();
  });
  server.listen(path);
  return { server, count: () => n };
}

/**
 * `openEditor` with a Docker socket and an engine socket of the test's own, both counting the connections
 * made to them (the quiet-until-asked checks: activation must touch neither).
 */
export async function openCountingEditor(
  t: TestContext,
  name: string,
  prepare: (folder: string) => void,
): Promise<{ ed: Editor; docker: () => number; engine: () => number } | undefined> {
  const sockets = mkdtempSync(join(tmpdir(), `sy-ui-${name}-sock-`));
  t.after(() => rmSync(sockets, { recursive: true, force: true }));
  const docker = countingSocket(join(sockets, 'docker.sock'));
  t.after(() => docker.server.close());
  const ed = await openEditor(t, name, prepare, { 'switchyard.docker.socket': join(sockets, 'docker.sock') });
  if (!ed) return undefined;
  mkdirSync(dirname(ed.socket), { recursive: true });
  const engine = countingSocket(ed.socket);
  t.after(() => engine.server.close());
  return { ed, docker: docker.count, engine: engine.count };
}
