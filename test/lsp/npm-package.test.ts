// The npm package `switchyard-network` as a user gets it: `scripts/pack-cli.mjs` builds and packs it, npm
// installs the tarball into a throwaway prefix (offline: it has no dependencies, everything is bundled), and the
// three bins run from there: `switchyard lint` and `explain`, `switchyard-language-server` answering
// `initialize` and publishing diagnostics over stdio, `switchyard-engine --version`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { waitFor } from '../support/wait';

const ROOT = join(__dirname, '..', '..');
const BROKEN = readFileSync(join(ROOT, 'examples', 'broken', 'compose.yaml'), 'utf8');

test('the npm tarball installs with no dependencies and its bins lint, explain, serve LSP and report a version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-npm-'));
  try {
    const tarball = execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-cli.mjs'), '--out', dir], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1);
    assert.ok(tarball?.endsWith('switchyard-network-0.1.0.tgz'), tarball);
    if (tarball === undefined) return;
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(listing, [
      'package/LICENSE',
      'package/README.md',
      'package/bin/switchyard-language-server.js',
      'package/dist/cli.js',
      'package/dist/engine.js',
      'package/dist/server.js',
      'package/dist/vendor/dockerode.js',
      'package/dist/vendor/ssh2.js',
      'package/package.json',
    ]);
    const manifest = JSON.parse(
      execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
    ) as {
      name: string;
      dependencies?: unknown;
      bin: Record<string, string>;
    };
    assert.equal(manifest.name, 'switchyard-network');
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(Object.keys(manifest.bin).sort(), [
      'switchyard',
      'switchyard-engine',
      'switchyard-language-server',
    ]);

    const prefix = join(dir, 'prefix');
    const install = spawnSync(
      'npm',
      ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
      { encoding: 'utf8', cwd: dir },
    );
    assert.equal(install.status, 0, install.stderr);
    const bin = (name: string): string => join(prefix, 'bin', name);
    // Run from a folder with no node_modules anywhere above it that could lend a dependency.
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'compose.yaml'), BROKEN);
    const env = { PATH: process.env['PATH'] ?? '', HOME: dir };

    const lint = spawnSync(bin('switchyard'), ['lint', 'compose.yaml'], { cwd: work, encoding: 'utf8', env });
    assert.equal(lint.status, 1, lint.stderr);
    assert.match(
      lint.stdout,
      /^compose\.yaml:17:9: error NET109 Bind for 0\.0\.0\.0:8080 failed: port is already allocated/m,
    );
    assert.match(lint.stdout, /^5 errors$/m);

    // The Docker client is a file of its own beside cli.js, loaded only for --docker-host: it must be shipped.
    const remote = spawnSync(
      bin('switchyard'),
      ['lint', '--docker-host', `unix://${join(dir, 'no-docker.sock')}`, 'compose.yaml'],
      { cwd: work, encoding: 'utf8', env },
    );
    assert.equal(remote.status, 2, remote.stderr);
    assert.match(remote.stderr, /cannot read Docker at unix:.*no Docker socket there/);

    const explain = spawnSync(bin('switchyard'), ['explain', 'NET010'], { cwd: work, encoding: 'utf8', env });
    assert.equal(explain.status, 0, explain.stderr);
    assert.equal(explain.stdout, readFileSync(join(ROOT, 'docs', 'rules', 'NET010.md'), 'utf8'));

    const engine = spawnSync(bin('switchyard-engine'), ['--version'], { cwd: work, encoding: 'utf8', env });
    assert.equal(engine.status, 0, engine.stderr);
    assert.match(engine.stdout, /^switchyard-engine version 0\.1\.0, API \d+\.\d+\n$/);

    const server = spawn(bin('switchyard-language-server'), ['--stdio'], { cwd: work, env, stdio: 'pipe' });
    const conn = createMessageConnection(
      new StreamMessageReader(server.stdout),
      new StreamMessageWriter(server.stdin),
    );
    const published: PublishDiagnosticsParams[] = [];
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.push(p);
    });
    conn.listen();
    try {
      const init = (await conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(work).href,
        capabilities: {},
        initializationOptions: { rules: [{ rule: 'NET036', severity: 'off' }] },
      })) as { serverInfo?: { name: string }; capabilities: { codeActionProvider?: unknown } };
      assert.equal(init.serverInfo?.name, 'switchyard');
      assert.ok(init.capabilities.codeActionProvider);
      await conn.sendNotification('initialized', {});
      const uri = pathToFileURL(join(work, 'compose.yaml')).href;
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'dockercompose', version: 1, text: BROKEN },
      });
      const diags = await waitFor(
        () => published.find((p) => p.uri === uri && p.diagnostics.length > 0),
        15_000,
        {
          what: 'diagnostics from the installed server',
        },
      );
      const codes = diags.diagnostics.map((d) => String(d.code)).sort();
      assert.deepEqual(
        codes,
        ['NET010', 'NET011', 'NET063', 'NET109'],
        'NET036 is off by initializationOptions',
      );
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
    } finally {
      conn.dispose();
      server.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
