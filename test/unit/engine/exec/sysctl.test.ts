// /proc/sys as data (engine/src/exec/sysctl.ts): the commands, what they refuse, and the in-process
// read of the local runner (a read of a value every Linux has; nothing is written).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import { LocalRunner } from '../../../../engine/src/exec/local-runner';
import { runnerSysctl, sysctlList, sysctlRead, sysctlWrite } from '../../../../engine/src/exec/sysctl';

test('a write is `tee /proc/sys/<path>` with the value on stdin, in a namespace when asked', () => {
  assert.deepEqual(sysctlWrite('net/ipv4/conf/br.10/route_localnet', '1', 'sb1'), {
    argv: ['tee', '/proc/sys/net/ipv4/conf/br.10/route_localnet'],
    stdin: '1\n',
    netns: 'sb1',
    procSys: { op: 'write', path: 'net/ipv4/conf/br.10/route_localnet', value: '1' },
  });
  assert.deepEqual(sysctlRead('net/ipv4/ip_forward').argv, ['cat', '/proc/sys/net/ipv4/ip_forward']);
  assert.deepEqual(sysctlList('net/ipv6/conf').argv, ['ls', '-1', '/proc/sys/net/ipv6/conf']);
});

test('paths outside /proc/sys and values that are not one word are refused before anything runs', () => {
  for (const bad of ['../etc/passwd', 'net/../../etc', '/net/ipv4/ip_forward', 'net/ipv4 ip_forward', 'net'])
    assert.throws(() => sysctlWrite(bad, '1'), /refusing sysctl path/, bad);
  assert.throws(() => sysctlWrite('net/ipv4/ip_forward', '1\n0'), /refusing sysctl value "1\\n0"/);
});

test('runnerSysctl: reads trimmed, a missing sysctl is undefined, lists split, a failed write throws', async () => {
  const r = new FakeRunner((c) =>
    c.procSys?.op === 'read'
      ? c.procSys.path.endsWith('gone/accept_ra')
        ? { exitCode: 1, stderr: 'No such file' }
        : { stdout: '1\n' }
      : c.procSys?.op === 'list'
        ? { stdout: 'all\neth0\n' }
        : { exitCode: 1, stderr: 'Read-only file system' },
  );
  const io = runnerSysctl(r);
  assert.equal(await io.read('net/ipv4/ip_forward'), '1');
  assert.equal(await io.read('net/ipv6/conf/gone/accept_ra'), undefined);
  assert.deepEqual(await io.list('net/ipv6/conf'), ['all', 'eth0']);
  await assert.rejects(
    io.write('net/ipv4/ip_forward', '1'),
    /tee \/proc\/sys\/net\/ipv4\/ip_forward failed \(exit 1\): Read-only/,
  );
});

test('the local runner serves a read of its own namespace in-process', async () => {
  const res = await new LocalRunner().run(sysctlRead('kernel/ostype'));
  assert.deepEqual(res, { exitCode: 0, stdout: 'Linux\n', stderr: '' });
});
