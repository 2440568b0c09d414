import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NamespaceHost, must, skipReason, waitFor } from './harness';

const skip = skipReason(['unshare', 'mkfifo']);

/** Fails when `p` has not settled within `ms` (a read that hangs on a FIFO never settles). */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, fail) => setTimeout(() => fail(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

describe('engine: reading a container’s /etc files', { skip }, () => {
  let h: NamespaceHost;
  let box: ChildProcess | undefined;
  let pid = 0;
  const base = mkdtempSync(join(tmpdir(), 'sy-box-'));
  before(async () => {
    h = await NamespaceHost.start();
    // A fake container: its own mount and network namespace, its /etc a folder of ours where hosts is a
    // symlink to a host file (hidden inside the container by a tmpfs) and resolv.conf is a FIFO.
    const etc = join(base, 'etc');
    const secretDir = join(base, 'secret');
    mkdirSync(etc);
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'hosts'), '10.9.9.9 leaked.example\n');
    symlinkSync(join(secretDir, 'hosts'), join(etc, 'hosts'));
    must(['mkfifo', join(etc, 'resolv.conf')]);
    box = spawn(
      'unshare',
      [
        '--mount',
        '--net',
        '--fork',
        '--',
        'sh',
        '-c',
        'mount --bind "$1" /etc && mount -t tmpfs tmpfs "$2" && echo "READY $$" && exec sleep 600',
        'sh',
        etc,
        secretDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    box.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    pid = await waitFor('the fake container', () => Number(/READY (\d+)/.exec(out)?.[1]) || undefined);
  });
  after(async () => {
    if (pid) process.kill(pid, 'SIGKILL');
    box?.kill('SIGKILL');
    await h?.close();
    rmSync(base, { recursive: true, force: true });
  });

  test('a FIFO resolv.conf is refused at once instead of hanging the lookup', async () => {
    await assert.rejects(
      within(
        h.c.call('diag.dns', { from: { pid }, name: 'leaked.example', type: 'A', timeoutMs: 2000 }),
        15_000,
      ),
      /resolv\.conf is not a regular file/,
    );
  });

  test("a hosts symlink to a host file is resolved inside the container, so the host's file is never read", async () => {
    const r = within(
      h.c.call('diag.ping', { from: { pid }, host: 'leaked.example', count: 1, timeoutMs: 1000 }),
      15_000,
    );
    await assert.rejects(r, (e: Error) => {
      assert.doesNotMatch(e.message, /10\.9\.9\.9/);
      assert.match(e.message, /no nameserver|Name or service not known/);
      return true;
    });
  });
});
