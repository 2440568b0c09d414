import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NamespaceHost, MAIN, ROOT, skipReason, waitFor } from './harness';

const skip = skipReason(['flock']);

/** Runs a second daemon in the namespace host and returns how it ended (it must end: it is refused). */
async function secondDaemon(
  h: NamespaceHost,
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  const p = spawn(
    'nsenter',
    [
      `--net=/run/netns/${h.hostNs}`,
      '--',
      process.execPath,
      '--import',
      'tsx',
      MAIN,
      'daemon',
      '--upstream-dns',
      'none',
      ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  p.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  try {
    const code = await waitFor(
      'the second daemon to give up',
      () => (p.exitCode !== null ? p.exitCode : undefined),
      30_000,
    );
    return { code, stderr };
  } finally {
    if (p.exitCode === null) p.kill('SIGKILL');
  }
}

describe('engine: one daemon per state dir and per prefix', { skip }, () => {
  let h: NamespaceHost;
  const other = mkdtempSync(join(tmpdir(), 'sy-engine-2-'));
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('sandbox.create', { name: 'first' });
  });
  after(async () => {
    await h?.close();
    rmSync(other, { recursive: true, force: true });
  });

  async function assertFirstIntact() {
    const names = (await h.c.call('sandbox.ls', {})).map((s) => s.name);
    assert.deepEqual(names, ['first'], 'the first daemon still serves its sandbox');
    assert.equal(h.sandboxNamespaces().length, 1, "the first daemon's namespace is still there");
    assert.ok(existsSync(h.socket), "the first daemon's socket is still there");
  }

  test('a second daemon on the same state dir is refused, naming the first pid', async () => {
    const version = await h.c.call('version', {});
    const r = await secondDaemon(h, [
      '--state-dir',
      h.stateDir,
      '--socket',
      join(other, 'a.sock'),
      '--prefix',
      `${h.prefix}x`,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`another switchyard engine \\(pid ${version.pid}\\).*state dir`));
    await assertFirstIntact();
  });

  test('a second daemon with another state dir but the same prefix is refused before it reconciles', async () => {
    const version = await h.c.call('version', {});
    const r = await secondDaemon(h, [
      '--state-dir',
      join(other, 'state'),
      '--socket',
      join(other, 'b.sock'),
      '--prefix',
      h.prefix,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`another switchyard engine \\(pid ${version.pid}\\).*prefix "${h.prefix}"`),
    );
    await assertFirstIntact();
  });

  test("a second daemon on a live daemon's socket is refused and the socket stays", async () => {
    const r = await secondDaemon(h, [
      '--state-dir',
      join(other, 'state3'),
      '--socket',
      h.socket,
      '--prefix',
      `${h.prefix}y`,
    ]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /socket .* is in use by a running engine/);
    await assertFirstIntact();
  });

  test('after a kill -9 the locks are free again: the next daemon starts on the same state and prefix', async () => {
    await h.kill9();
    await h.startDaemon();
    await assertFirstIntact();
  });
});
