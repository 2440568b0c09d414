// /etc/netns and /etc/resolv.conf as data (engine/src/exec/etc-files.ts): the commands, what they refuse,
// and the local runner doing them in-process (in a temp dir: nothing under this machine's /etc is touched).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from '../../../../engine/src/exec/command';
import {
  hostResolvRead,
  netnsDirList,
  netnsDirMake,
  netnsDirRemove,
  netnsFileWrite,
} from '../../../../engine/src/exec/etc-files';
import type { NetnsFile } from '../../../../engine/src/exec/etc-files';
import { LocalRunner } from '../../../../engine/src/exec/local-runner';

const tmp = mkdtempSync(join(tmpdir(), 'sy-etc-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('each command is a coreutils argv and the same effect as data', () => {
  assert.deepEqual(netnsFileWrite('t-sb-0123456789ab', 'hosts', '127.0.0.1\tlocalhost\n'), {
    argv: ['tee', '/etc/netns/t-sb-0123456789ab/hosts'],
    stdin: '127.0.0.1\tlocalhost\n',
    etcFile: { op: 'write', path: '/etc/netns/t-sb-0123456789ab/hosts', content: '127.0.0.1\tlocalhost\n' },
  });
  assert.deepEqual(netnsDirMake('t-sb-1'), {
    argv: ['mkdir', '-p', '/etc/netns/t-sb-1'],
    etcFile: { op: 'mkdir', path: '/etc/netns/t-sb-1' },
  });
  assert.deepEqual(netnsDirRemove('t-sb-1'), {
    argv: ['rm', '-rf', '--', '/etc/netns/t-sb-1'],
    etcFile: { op: 'remove', path: '/etc/netns/t-sb-1' },
  });
  assert.deepEqual(netnsDirList().argv, ['ls', '-1', '-A', '/etc/netns']);
  assert.deepEqual(hostResolvRead(), {
    argv: ['cat', '/etc/resolv.conf'],
    etcFile: { op: 'read', path: '/etc/resolv.conf' },
  });
});

test('a name that is not one path word, or a file other than the three, is refused before anything runs', () => {
  for (const bad of ['..', '.', '', 'a/b', '../etc', 'x y', 'a\nb', 'n'.repeat(65)])
    assert.throws(() => netnsDirRemove(bad), /refusing \/etc\/netns entry/, JSON.stringify(bad));
  assert.throws(
    () => netnsFileWrite('t-sb-1', 'passwd' as NetnsFile, 'x'),
    /refusing \/etc\/netns file "passwd"/,
  );
});

test('the local runner does them in-process: write, read, list, remove; a failure is an exit code with the path', async () => {
  const r = new LocalRunner();
  const dir = join(tmp, 'ns1');
  const as = (op: NonNullable<Command['etcFile']>['op'], path: string, content?: string): Command => ({
    argv: ['false'], // never run: the in-process path answers first
    etcFile: { op, path, ...(content === undefined ? {} : { content }) },
  });
  assert.equal((await r.run(as('mkdir', dir))).exitCode, 0);
  assert.equal((await r.run(as('write', join(dir, 'hostname'), 'web\n'))).exitCode, 0);
  assert.equal(readFileSync(join(dir, 'hostname'), 'utf8'), 'web\n');
  assert.deepEqual(await r.run(as('read', join(dir, 'hostname'))), {
    exitCode: 0,
    stdout: 'web\n',
    stderr: '',
  });
  assert.deepEqual(await r.run(as('list', tmp)), { exitCode: 0, stdout: 'ns1\n', stderr: '' });
  assert.equal((await r.run(as('remove', dir))).exitCode, 0);
  assert.equal(existsSync(dir), false);
  assert.equal((await r.run(as('remove', dir))).exitCode, 0, 'already gone is fine');
  const missing = await r.run(as('list', join(tmp, 'none')));
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /^list .*\/none: ENOENT/);
});
