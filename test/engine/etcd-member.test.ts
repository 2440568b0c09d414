// Form Cluster's etcd members for real: two "hosts" (namespaces on one veth link), one member started on each
// by the extension's own code (client/src/engine-control/etcd-member.ts) through a root runner inside the namespace.
// They form one cluster (a key written through one is read through the other), and Leave Cluster's stop
// removes each member and its data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNetns, createVethPair } from '../support/netns';
import type { Netns } from '../support/netns';
import { isRoot, requireOrSkip, which } from '../support/env';
import { memberStore } from '../../client/src/engine-control/cluster-membership';
import {
  startEtcdMember,
  stopEtcdMember,
  waitEtcdHealthy,
} from '../../client/src/engine-control/etcd-member';
import type { RootRunner } from '../../client/src/engine-control/sudo';

/** The extension's root runner, as it would be on that host: every program runs inside the namespace. */
function rootIn(ns: Netns): RootRunner {
  return {
    via: 'root',
    exec: (argv, stdin) => ns.exec(argv, { input: stdin?.toString(), timeoutMs: 30_000 }),
    execStream: () => Promise.reject(new Error('not used')),
  };
}

/** Puts or gets a key through etcd's v3 HTTP gateway at `address`, from inside `ns`. */
async function kv(ns: Netns, address: string, op: 'put' | 'range', key: string, value = '') {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const body = JSON.stringify(op === 'put' ? { key: b64(key), value: b64(value) } : { key: b64(key) });
  const script =
    'fetch(process.argv[1], { method: "POST", body: process.argv[2] }).then((r) => r.text()).then((t) => console.log(t))';
  const r = await ns.exec(['node', '-e', script, `http://${address}:2379/v3/kv/${op}`, body]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as { kvs?: { value: string }[] };
}

test('Form Cluster starts one etcd member per host; they form one cluster; Leave Cluster removes them', async (t) => {
  if (!requireOrSkip(t, isRoot() && which('etcd') !== undefined, 'needs root and etcd (etcd-server)')) return;
  const a = await createNetns('sy-etcdm');
  const b = await createNetns('sy-etcdm');
  const dir = mkdtempSync(join(tmpdir(), 'sy-etcdm-'));
  t.after(async () => {
    await a.delete();
    await b.delete();
    rmSync(dir, { recursive: true, force: true });
  });
  await createVethPair({ ns: a, address: '10.231.250.1/24' }, { ns: b, address: '10.231.250.2/24' });
  const memberA = { name: 'host-a', address: '10.231.250.1' };
  const memberB = { name: 'host-b', address: '10.231.250.2' };
  const members = [memberA, memberB];
  const paths = (n: string) => ({
    dataDir: join(dir, n, 'data'),
    pidFile: join(dir, n, 'etcd.pid'),
    logFile: join(dir, n, 'etcd.log'),
  });
  const [ra, rb] = [rootIn(a), rootIn(b)];
  const startedA = await startEtcdMember(ra, 'host-a', memberA, members, paths('a'));
  const startedB = await startEtcdMember(rb, 'host-b', memberB, members, paths('b'));
  await waitEtcdHealthy(ra, 'host-a', '10.231.250.1');
  await waitEtcdHealthy(rb, 'host-b', '10.231.250.2');
  assert.equal(memberStore(members), 'etcd://10.231.250.1:2379,10.231.250.2:2379');

  await kv(a, '10.231.250.1', 'put', 'switchyard/probe', 'formed');
  const got = await kv(b, '10.231.250.2', 'range', 'switchyard/probe');
  assert.equal(Buffer.from(got.kvs?.[0]?.value ?? '', 'base64').toString(), 'formed');

  // A second start on a host whose member runs is refused, naming its pid.
  const pids = ['a', 'b'].map((n) => readFileSync(paths(n).pidFile, 'utf8').trim());
  const pidA = pids[0] as string;
  await assert.rejects(
    startEtcdMember(ra, 'host-a', memberA, members, paths('a')),
    new RegExp(`already runs on host-a \\(pid ${pidA}\\)`),
  );

  await stopEtcdMember(ra, startedA);
  await stopEtcdMember(rb, startedB);
  for (const n of ['a', 'b']) {
    assert.ok(!existsSync(paths(n).dataDir), `${n}: data removed`);
    assert.ok(!existsSync(paths(n).pidFile), `${n}: pid file removed`);
  }
  for (const pid of pids) assert.ok(!existsSync(`/proc/${pid}`), `etcd ${pid} is gone`);
});
