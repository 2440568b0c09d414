// Form Cluster / Leave Cluster without VS Code: the store address, the daemon's flags, when a running engine is
// restarted, and the exact processes an etcd member is started and stopped with (a fake root runner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkAdvertiseAddr,
  clusterDaemonArgs,
  etcdMemberArgv,
  etcdMemberName,
  formatStore,
  hostAddresses,
  memberStore,
  parseStore,
  storeIsLoopback,
} from '../../../../client/src/engine-control/cluster-membership';
import { clusterFlags, daemonArgv, defaultLocation } from '../../../../client/src/engine-control/deploy';
import { startEtcdMember, stopEtcdMember } from '../../../../client/src/engine-control/etcd-member';
import type { RootRunner } from '../../../../client/src/engine-control/sudo';
import { crossHostTargets } from '../../../../client/src/commands/probe-targets';
import type { ExecResult } from '../../../../client/src/transport/transport';

test('store addresses: etcd://, default port 2379, IPv6 in brackets; anything else says how to write it', () => {
  assert.deepEqual(parseStore('etcd://10.0.0.5:2379,10.0.0.6'), [
    { host: '10.0.0.5', port: 2379 },
    { host: '10.0.0.6', port: 2379 },
  ]);
  assert.deepEqual(parseStore('etcd://[fd00::5]:4001'), [{ host: 'fd00::5', port: 4001 }]);
  assert.equal(formatStore([{ host: 'fd00::5', port: 4001 }]), 'etcd://[fd00::5]:4001');
  assert.match(parseStore('http://10.0.0.5:2379') as string, /etcd:\/\/HOST:2379/);
  assert.match(parseStore('etcd://10.0.0.5:99999') as string, /is not HOST:PORT/);
  assert.match(parseStore('etcd://a b') as string, /is not HOST:PORT/);
  assert.ok(storeIsLoopback(parseStore('etcd://127.0.0.1:2379,localhost') as never));
  assert.ok(!storeIsLoopback(parseStore('etcd://127.0.0.1:2379,10.0.0.5') as never));
  assert.equal(checkAdvertiseAddr('10.0.0.5'), undefined);
  assert.match(checkAdvertiseAddr('eth0') ?? '', /IP address/);
});

test("a membership becomes the daemon's flags, store options in a stable order; none without one", () => {
  assert.deepEqual(clusterDaemonArgs(undefined), []);
  const m = {
    store: 'etcd://10.0.0.5:2379',
    advertiseAddr: '10.0.0.7',
    opts: { 'kv.keyfile': '/k', 'kv.cacertfile': '/ca', 'kv.certfile': '/c' },
  };
  assert.deepEqual(clusterDaemonArgs(m), [
    '--cluster-store',
    'etcd://10.0.0.5:2379',
    '--advertise-addr',
    '10.0.0.7',
    '--cluster-store-opt',
    'kv.cacertfile=/ca',
    '--cluster-store-opt',
    'kv.certfile=/c',
    '--cluster-store-opt',
    'kv.keyfile=/k',
  ]);
  const argv = daemonArgv('node', '/b/engine.js', { ...defaultLocation, cluster: m });
  assert.deepEqual(argv.slice(0, 3), ['node', '/b/engine.js', 'daemon']);
  // What a running daemon's /proc/PID/cmdline gives back is the same set of cluster flags, in any order and
  // also written --flag=value by hand; other flags do not count.
  assert.deepEqual(clusterFlags(argv), clusterDaemonArgs(m));
  assert.deepEqual(
    clusterFlags(['node', 'e.js', 'daemon', '--upstream-dns', '10.0.0.53', '--cluster-store=etcd://x:1']),
    ['--cluster-store', 'etcd://x:1'],
  );
});

test('etcd members: names, flags of a new cluster on the underlay address, the store of the members', () => {
  assert.equal(etcdMemberName('ssh:web 1/x'), 'ssh-web-1-x');
  const members = [
    { name: 'a', address: '10.0.0.5' },
    { name: 'b', address: 'fd00::6' },
  ];
  const argv = etcdMemberArgv(members[1] as never, members);
  assert.ok(argv.includes('--listen-client-urls=http://[fd00::6]:2379'), argv.join(' '));
  assert.ok(argv.includes('--initial-cluster=a=http://10.0.0.5:2380,b=http://[fd00::6]:2380'));
  assert.ok(argv.includes('--initial-cluster-state=new'));
  assert.ok(!argv.some((a) => a.includes('127.0.0.1')), 'never localhost: a packaged etcd may hold it');
  assert.equal(memberStore(members), 'etcd://10.0.0.5:2379,[fd00::6]:2379');
});

test("the host's addresses from ip -json addr: global scope only; garbage gives none", () => {
  const json = JSON.stringify([
    { ifname: 'lo', addr_info: [{ local: '127.0.0.1', scope: 'host' }] },
    {
      ifname: 'eth0',
      addr_info: [
        { local: '10.0.0.5', scope: 'global' },
        { local: 'fe80::1', scope: 'link' },
      ],
    },
  ]);
  assert.deepEqual(hostAddresses(json), [{ address: '10.0.0.5', ifname: 'eth0' }]);
  assert.deepEqual(hostAddresses('not json'), []);
  assert.deepEqual(hostAddresses('{"ifname": 1}'), []);
});

/** A root runner that answers from a table of argv prefixes and records every call. */
function fakeRoot(answers: [string[], Partial<ExecResult>][]): RootRunner & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    via: 'root',
    calls,
    async exec(argv: string[]) {
      calls.push(argv);
      const hit = answers.find(([prefix]) => prefix.every((p, i) => argv[i] === p));
      return { code: 0, stdout: '', stderr: '', ...(hit?.[1] ?? {}) };
    },
    async execStream() {
      throw new Error('not used');
    },
  };
}

test('an etcd member is started detached with its pid file, and refused over an earlier one', async () => {
  const members = [{ name: 'a', address: '10.0.0.5' }];
  const root = fakeRoot([[['cat', '/run/switchyard/etcd.pid'], { code: 1 }]]);
  const started = await startEtcdMember(root, 'a', members[0] as never, members);
  assert.deepEqual(started, {
    name: 'a',
    dataDir: '/var/lib/switchyard/etcd',
    pidFile: '/run/switchyard/etcd.pid',
  });
  const launch = root.calls.find((c) => c.includes('etcd'));
  assert.ok(launch, 'etcd launched');
  assert.match(launch[2] as string, /setsid "\$@".*echo \$! >"\$pidf"/);
  assert.deepEqual(launch.slice(4, 7), [
    '/var/log/switchyard-etcd.log',
    '/run/switchyard/etcd.pid',
    '/var/lib/switchyard/etcd',
  ]);

  const running = fakeRoot([
    [['cat', '/run/switchyard/etcd.pid'], { stdout: '4242\n' }],
    [['cat', '/proc/4242/comm'], { stdout: 'etcd\n' }],
  ]);
  await assert.rejects(
    startEtcdMember(running, 'a', members[0] as never, members),
    /already runs on a \(pid 4242\)/,
  );
  const leftover = fakeRoot([
    [['cat', '/run/switchyard/etcd.pid'], { code: 1 }],
    [['sh', '-c'], { stdout: 'm' }],
  ]);
  await assert.rejects(
    startEtcdMember(leftover, 'a', members[0] as never, members),
    /holds an earlier etcd member's data; run Leave Cluster on a/,
  );
  assert.ok(!leftover.calls.some((c) => c.includes('etcd')), 'nothing started over old data');
});

test('stopping a member kills only an etcd by its pid file, then removes its data', async () => {
  const member = { dataDir: '/var/lib/switchyard/etcd', pidFile: '/run/switchyard/etcd.pid' };
  const notEtcd = fakeRoot([
    [['cat', '/run/switchyard/etcd.pid'], { stdout: '4242' }],
    [['cat', '/proc/4242/comm'], { stdout: 'sshd\n' }],
  ]);
  await stopEtcdMember(notEtcd, member);
  assert.ok(!notEtcd.calls.some((c) => c[0] === 'kill'), 'a reused pid of another program is never killed');
  assert.deepEqual(notEtcd.calls.at(-1), ['rm', '-rf', '--', member.dataDir, member.pidFile]);

  const etcd = fakeRoot([
    [['cat', '/run/switchyard/etcd.pid'], { stdout: '4242' }],
    [['cat', '/proc/4242/comm'], { stdout: 'etcd\n' }],
    [['kill', '-0'], { code: 1 }],
  ]);
  await stopEtcdMember(etcd, member);
  assert.ok(etcd.calls.some((c) => c.join(' ') === 'kill 4242'));
});

test('probe targets across the cluster: sandboxes of other hosts on an overlay this host has, by their overlay address', () => {
  const sb = (name: string, networkId: string, network: string, ipv4?: string) => ({
    id: name,
    name,
    hostname: name,
    mode: 'bridge',
    netns: '',
    created: '',
    ports: [],
    endpoints: [
      { id: 'e', network, networkId, ifname: 'eth0', mac: 'm', aliases: [], ...(ipv4 ? { ipv4 } : {}) },
    ],
  });
  const me = { id: 'a', label: 'a', engine: { networks: [{ Id: 'ov', Scope: 'global' }], sandboxes: [] } };
  const b = {
    id: 'b',
    label: 'host-b',
    engine: {
      networks: [],
      sandboxes: [
        sb('web', 'ov', 'front', '10.9.0.3/24'),
        sb('db', 'br', 'local', '172.18.0.2/16'),
        sb('v6', 'ov', 'front'),
      ],
    },
  };
  assert.deepEqual(crossHostTargets(me, [me, b]), [
    { sandbox: 'web', network: 'front', address: '10.9.0.3', hostLabel: 'host-b' },
  ]);
  const single = { ...me, engine: { networks: [{ Id: 'br', Scope: 'local' }], sandboxes: [] } };
  assert.deepEqual(crossHostTargets(single, [b]), [], 'no overlay here: nothing across hosts');
});
