// Checks the shared helpers in test/support/ against the real pieces they drive, so a broken helper fails
// here with a plain message instead of as a puzzling failure in some other tier. Lives in this tier because
// it needs the same things (root, Debian's sshd and etcd) and runs beside the ground truth.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { Etcd3 } from 'etcd3';
import { firstMissing, isRoot, requireOrSkip, which } from '../support/env';
import { startEtcd } from '../support/etcd';
import { createNetns, createVethPair, listNetns, netnsFor, uniqueName } from '../support/netns';
import { run } from '../support/proc';
import { startSshd } from '../support/sshd';
import { waitFor } from '../support/wait';

test('waitFor returns the first truthy value and names what it waited for on timeout', async () => {
  let n = 0;
  assert.equal(await waitFor(() => (++n >= 3 ? n : false), 2000, { intervalMs: 1 }), 3);
  await assert.rejects(
    waitFor(
      () => {
        throw new Error('not yet');
      },
      30,
      { intervalMs: 5, what: 'the moon' },
    ),
    /timed out after 30 ms waiting for the moon; last error: not yet/,
  );
});

test('requireOrSkip skips outside CI and fails under CI=true', () => {
  const saved = process.env['CI'];
  const skipped: string[] = [];
  const ctx = { skip: (m?: string) => skipped.push(m ?? '') };
  try {
    delete process.env['CI'];
    assert.equal(requireOrSkip(ctx, true, 'unused'), true);
    assert.equal(requireOrSkip(ctx, false, 'needs a unicorn'), false);
    assert.deepEqual(skipped, ['needs a unicorn']);
    process.env['CI'] = 'true';
    assert.throws(
      () => requireOrSkip(ctx, false, 'needs a unicorn'),
      /prerequisite missing under CI=true: needs/,
    );
  } finally {
    if (saved === undefined) delete process.env['CI'];
    else process.env['CI'] = saved;
  }
});

test('uniqueName fits an interface name and does not repeat', () => {
  const names = new Set(Array.from({ length: 200 }, () => uniqueName('sy-veth-long-prefix')));
  assert.equal(names.size, 200);
  for (const name of names) assert.ok(name.length <= 15, name);
});

test('namespaces: veth pair carries a ping, delete leaves nothing behind', async (t) => {
  if (!requireOrSkip(t, isRoot() && which('ip') !== undefined, 'needs root and iproute2')) return;
  const a = await netnsFor(t, 'sy-h');
  const b = await createNetns('sy-h');
  const { a: ifA } = await createVethPair(
    { ns: a, address: '10.232.0.1/30' },
    { ns: b, address: '10.232.0.2/30' },
  );
  const ping = await a.exec(['ping', '-c', '1', '-W', '5', '10.232.0.2']);
  assert.equal(ping.code, 0, ping.stdout + ping.stderr);
  // A process left running inside is killed by delete(), and the namespace and its link are gone.
  b.execOk(['sleep', '600']).catch(() => undefined);
  await waitFor(async () => (await run(['ip', 'netns', 'pids', b.name])).stdout.trim() !== '', 5000, {
    what: 'sleep to start inside the namespace',
  });
  await b.delete();
  await b.delete(); // idempotent
  assert.ok(!(await listNetns()).includes(b.name));
  // The kernel tears a deleted namespace down asynchronously (a workqueue), so the peer goes a moment later.
  await waitFor(async () => (await a.exec(['ip', 'link', 'show', ifA])).code !== 0, 10_000, {
    what: 'the veth end in the surviving namespace to go with its peer',
  });
});

test('sshd: key login as root into a namespace host, with the expected host key', async (t) => {
  const missing = firstMissing([
    [isRoot(), 'needs root'],
    [which('sshd') !== undefined, 'needs openssh-server'],
    [which('ssh') !== undefined, 'needs openssh-client'],
  ]);
  if (!requireOrSkip(t, missing === undefined, missing ?? '')) return;
  const server = await netnsFor(t, 'sy-ssh');
  const client = await netnsFor(t, 'sy-ssh');
  await createVethPair({ ns: server, address: '10.232.1.1/30' }, { ns: client, address: '10.232.1.2/30' });
  const sshd = await startSshd({ ns: server });
  t.after(() => sshd.stop());
  const knownHosts = `${sshd.dir}/known_hosts`;
  writeFileSync(knownHosts, `10.232.1.1 ${sshd.hostPublicKey}\n`);
  const res = await client.exec([
    'ssh',
    '-i',
    sshd.privateKeyPath,
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    'root@10.232.1.1',
    'cat',
    '/proc/self/net/dev',
  ]);
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /lo:/);
});

test('etcd: a throwaway member on loopback stores and returns a key', async (t) => {
  if (!requireOrSkip(t, which('etcd') !== undefined, 'needs etcd-server')) return;
  const etcd = await startEtcd();
  t.after(() => etcd.stop());
  const client = new Etcd3({ hosts: etcd.clientUrl });
  try {
    await client.put('switchyard/test').value('ok');
    assert.equal(await client.get('switchyard/test').string(), 'ok');
  } finally {
    client.close();
  }
});
