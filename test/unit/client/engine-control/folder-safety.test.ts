import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureEngine, defaultLocation } from '../../../../client/src/engine-control/deploy';
import {
  foldersUpTo,
  requireRootFolder,
  unsafeFolder,
} from '../../../../client/src/engine-control/folder-safety';
import { becomeRoot } from '../../../../client/src/engine-control/sudo';
import { LocalTransport } from '../../../../client/src/transport/local';
import type { ExecResult, Transport } from '../../../../client/src/transport/transport';
import { isRoot, requireOrSkip } from '../../../support/env';

test('every folder from the one asked for up to /', () => {
  assert.deepEqual(foldersUpTo('/var/lib/switchyard/bin/'), [
    '/var/lib/switchyard/bin',
    '/var/lib/switchyard',
    '/var/lib',
    '/var',
    '/',
  ]);
  assert.deepEqual(foldersUpTo('/'), ['/']);
});

test('a folder root does not own, or that its group or anyone can write, is refused with what to do', () => {
  const root = (path: string, mode = 0o755) => ({ uid: 0, mode, path });
  assert.equal(
    unsafeFolder('s', '/var/lib/x', [root('/var/lib/x', 0o700), root('/var/lib'), root('/')]),
    undefined,
  );
  // Under a sticky world-writable folder (/tmp): nobody else may rename or remove root's 0700 folder there.
  assert.equal(
    unsafeFolder('s', '/tmp/e', [root('/tmp/e', 0o700), root('/tmp', 0o1777), root('/')]),
    undefined,
  );
  // /tmp itself: anyone could plant the bundle's file name before root writes it.
  assert.equal(
    unsafeFolder('switchyard.engine.installDir', '/tmp', [root('/tmp', 0o1777), root('/')]),
    'refusing switchyard.engine.installDir "/tmp": /tmp can be written by any user (mode 1777), so another user ' +
      'could replace what root runs or reads there; choose a folder that only root can write to, such as the ' +
      'default under /var/lib/switchyard',
  );
  // World-writable without the sticky bit above: anyone may rename root's folder away and put theirs there.
  assert.match(
    unsafeFolder('s', '/shared/e', [root('/shared/e', 0o700), root('/shared', 0o777), root('/')]) ?? '',
    /\/shared can be written by any user \(mode 0777\)/,
  );
  assert.match(
    unsafeFolder('s', '/home/u/e', [{ uid: 1000, mode: 0o700, path: '/home/u/e' }]) ?? '',
    /\/home\/u\/e is owned by uid 1000, not root/,
  );
  assert.match(
    unsafeFolder('s', '/srv/e', [root('/srv/e', 0o770)]) ?? '',
    /can be written by its group \(mode 0770\)/,
  );
});

/** A host where we are root, with Node, whose folders are as `modes` says (all root's). */
function fakeRootHost(modes: Record<string, number>, log: string[][]): Transport {
  const ok = (stdout = ''): ExecResult => ({ code: 0, stdout, stderr: '' });
  return {
    label: 'fake',
    kind: 'ssh',
    dockerSocket: '/var/run/docker.sock',
    dockerAgent: () => {
      throw new Error('unused');
    },
    openSocket: () => Promise.reject(new Error('unused')),
    execStream: () => Promise.reject(new Error('unused')),
    close: () => Promise.resolve(),
    exec: (argv) => {
      log.push(argv);
      if (argv[0] === 'id') return Promise.resolve(ok('0\n'));
      if (argv[0] === 'node') return Promise.resolve(ok('v20.11.0\n'));
      if (argv[0] === 'stat') {
        const paths = argv.slice(argv.indexOf('--') + 1);
        return Promise.resolve(ok(paths.map((p) => `0 ${(modes[p] ?? 0o755).toString(8)} ${p}\n`).join('')));
      }
      if (argv[0] === 'mkdir') return Promise.resolve(ok());
      return Promise.resolve({ code: 1, stdout: '', stderr: `not faked: ${argv.join(' ')}` });
    },
  };
}

test('deploy refuses an installDir anyone can write to before it uploads anything', async () => {
  const log: string[][] = [];
  const host = fakeRootHost({ '/tmp': 0o1777 }, log);
  await assert.rejects(
    ensureEngine(host, Buffer.from('bundle'), { ...defaultLocation, installDir: '/tmp' }),
    /refusing switchyard.engine.installDir "\/tmp": \/tmp can be written by any user/,
  );
  assert.ok(!log.some((argv) => argv[0] === 'tee' || argv[0] === 'sha256sum'), 'nothing uploaded or checked');
});

test('deploy refuses a stateDir under a group-writable folder', async () => {
  const log: string[][] = [];
  const host = fakeRootHost({ '/srv/shared': 0o775 }, log);
  await assert.rejects(
    ensureEngine(host, Buffer.from('bundle'), { ...defaultLocation, stateDir: '/srv/shared/state' }),
    /refusing switchyard.engine.stateDir "\/srv\/shared\/state": \/srv\/shared can be written by its group/,
  );
});

test("on this machine (real stat): root's own folder under the system temp folder is taken, the temp folder itself is not", async (t) => {
  if (!requireOrSkip(t, isRoot(), 'needs root (the engine deploys as root)')) return;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-folder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const root = await becomeRoot(new LocalTransport());
  await requireRootFolder(root, 'switchyard.engine.installDir', join(dir, 'bin'));
  await assert.rejects(
    requireRootFolder(root, 'switchyard.engine.installDir', tmpdir()),
    /refusing switchyard.engine.installDir .*can be written by any user \(mode 1777\)/,
  );
});
