// The drivers as data (netavark's unit tests are the model): each driver is given a FakeRunner and the
// exact commands it would run (argv, batch lines, namespace) are asserted. No root, no kernel: the engine
// tier (test/engine/) runs the same drivers for real in throwaway namespaces.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BridgeDriver } from '../../../../engine/src/drivers/bridge';
import { HostDriver, NullDriver } from '../../../../engine/src/drivers/host';
import { L2Driver } from '../../../../engine/src/drivers/macvlan';
import { OverlayDriver } from '../../../../engine/src/drivers/overlay';
import { OverlayBypass } from '../../../../engine/src/drivers/overlay-bypass';
import type { Command } from '../../../../engine/src/exec/command';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import { Naming } from '../../../../engine/src/model/names';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../../../../engine/src/model/types';

const naming = new Naming('t');
const NET_ID = 'abcdef0123456789';

/** Each command as one readable string: `[netns] argv | batch lines`. */
const show = (c: Command) =>
  [
    c.netns ? `[${c.netns}]` : '',
    c.argv.join(' '),
    c.stdin ? `| ${c.stdin.trim().split('\n').join('; ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');

function network(over: Partial<NetworkRecord> = {}): NetworkRecord {
  return {
    id: NET_ID,
    name: 'front',
    driver: 'bridge',
    scope: 'local',
    created: '2026-01-01T00:00:00.000Z',
    internal: false,
    attachable: false,
    enableIPv6: false,
    predefined: false,
    dns: true,
    icc: true,
    masquerade: true,
    mtu: 1500,
    subnets: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1', auxAddresses: {}, auto: false }],
    options: {},
    labels: {},
    device: naming.bridge(NET_ID),
    createdLinks: [],
    ...over,
  };
}
const endpoint: EndpointRecord = {
  id: '1234567890abcdef',
  networkId: NET_ID,
  sandboxId: 'feedface00112233',
  ifname: 'eth0',
  hostIfname: naming.hostVeth('1234567890abcdef'),
  mac: '02:42:0a:09:00:02',
  ipv4: '10.9.0.2',
  staticIp: false,
  aliases: [],
  created: '2026-01-01T00:00:00.000Z',
};
const sandbox = (over: Partial<SandboxRecord> = {}): SandboxRecord => ({
  id: 'feedface00112233',
  name: 'web',
  hostname: 'web',
  mode: 'netns',
  netns: naming.netns('feedface00112233'),
  created: '2026-01-01T00:00:00.000Z',
  aliases: [],
  ports: [],
  status: 'ready',
  ...over,
});

/** A runner whose `ip link show` answers as the kernel would (index 7 for the bridge). */
const kernelLike = () =>
  new FakeRunner((c) =>
    c.stdin?.includes('link show dev')
      ? { stdout: '7: t-babcdef0: <BROADCAST,MULTICAST,UP> mtu 1500\n' }
      : {},
  );

describe('bridge driver', () => {
  test('create: one ip batch (bridge, fixed MAC from the gateway, addresses, up), then route_localnet as data', async () => {
    const r = kernelLike();
    await new BridgeDriver(r).createNetwork(
      network({
        subnets: [
          { subnet: '10.9.0.0/24', gateway: '10.9.0.1', auxAddresses: {}, auto: false },
          { subnet: 'fd00:9::/64', gateway: 'fd00:9::1', auxAddresses: {}, auto: false },
        ],
      }),
    );
    assert.deepEqual(r.calls.map(show), [
      'ip -o -batch - | link add t-babcdef0 address 02:42:0a:09:00:01 type bridge; link set t-babcdef0 mtu 1500; ' +
        'addr add 10.9.0.1/24 dev t-babcdef0; addr add fd00:9::1/64 dev t-babcdef0 nodad; link set t-babcdef0 up; ' +
        'link show dev t-babcdef0',
      'tee /proc/sys/net/ipv4/conf/t-babcdef0/route_localnet | 1',
    ]);
    assert.deepEqual(r.calls[1]?.procSys, {
      op: 'write',
      path: 'net/ipv4/conf/t-babcdef0/route_localnet',
      value: '1',
    });
  });

  test('create that fails: the bridge is deleted (forced), the error says which command', async () => {
    const r = new FakeRunner((c) =>
      c.argv.includes('-o') ? { exitCode: 2, stderr: 'RTNETLINK answers: File exists' } : {},
    );
    await assert.rejects(
      new BridgeDriver(r).createNetwork(network()),
      /ip -o -batch - failed \(exit 2\): RTNETLINK answers: File exists/,
    );
    assert.deepEqual(r.calls.slice(1).map(show), ['ip -force -batch - | link del t-babcdef0']);
  });

  test('join into a new namespace: one host-side batch makes namespace, pair and port; one inside addresses', async () => {
    const r = kernelLike();
    await new BridgeDriver(r).join(network(), endpoint, sandbox(), {
      defaultRoute: true,
      newNamespace: true,
    });
    assert.deepEqual(r.calls.map(show), [
      'ip -o -batch - | netns add t-sb-feedface0011; ' +
        'link add t-v1234567 mtu 1500 master t-babcdef0 type veth peer name eth0 mtu 1500 address 02:42:0a:09:00:02 netns t-sb-feedface0011; ' +
        'link set t-v1234567 up',
      'ip -n t-sb-feedface0011 -o -batch - | link set lo up; addr add 10.9.0.2/24 dev eth0; ' +
        'link set eth0 up; route replace default via 10.9.0.1 dev eth0',
    ]);
  });

  test('join an existing namespace: the pair is made inside, its host end sent to us by bridge index', async () => {
    const r = kernelLike();
    const d = new BridgeDriver(r);
    await d.createNetwork(network());
    r.calls.length = 0;
    await d.join(network({ icc: false }), endpoint, sandbox({ ports: [] }), { defaultRoute: false });
    assert.deepEqual(r.calls.map(show), [
      `ip -n t-sb-feedface0011 -o -batch - | link add t-v1234567 netns ${process.pid} mtu 1500 master if7  ` +
        'type veth peer name eth0 mtu 1500 address 02:42:0a:09:00:02; addr add 10.9.0.2/24 dev eth0; link set eth0 up',
      'ip -o -batch - | link set t-v1234567 type bridge_slave isolated on; link set t-v1234567 up',
    ]);
  });

  test('an unknown bridge index is asked for once with ip -json (through the runner)', async () => {
    const r = new FakeRunner((c) =>
      c.argv.includes('-json') ? { stdout: JSON.stringify([{ ifindex: 42, ifname: 't-babcdef0' }]) } : {},
    );
    const d = new BridgeDriver(r);
    await d.join(network(), endpoint, sandbox(), { defaultRoute: false });
    await d.join(network(), { ...endpoint, hostIfname: 't-v9999999' }, sandbox(), { defaultRoute: false });
    assert.deepEqual(r.calls.filter((c) => c.argv.includes('-json')).map(show), [
      'ip -json link show dev t-babcdef0',
    ]);
    assert.match(r.calls[1]?.stdin ?? '', /master if42 up type veth/);
  });

  test('a failed join removes the host end and the namespace it made', async () => {
    const r = new FakeRunner((c) =>
      c.argv.includes('-n') ? { exitCode: 1, stderr: 'Error: no such device' } : {},
    );
    await assert.rejects(
      new BridgeDriver(r).join(network(), endpoint, sandbox(), { defaultRoute: true, newNamespace: true }),
      /ip -n t-sb-feedface0011 -o -batch - failed \(exit 1\): Error: no such device/,
    );
    assert.equal(
      show(r.calls.at(-1) as Command),
      'ip -force -batch - | link del t-v1234567; netns del t-sb-feedface0011',
    );
  });

  test('leave and delete: one forced batch each', async () => {
    const r = new FakeRunner();
    const d = new BridgeDriver(r);
    await d.leave(network(), endpoint);
    await d.deleteNetwork(network());
    assert.deepEqual(r.calls.map(show), [
      'ip -force -batch - | link del t-v1234567',
      'ip -force -batch - | link del t-babcdef0',
    ]);
  });
});

describe('overlay driver', () => {
  const underlay = { address: '198.18.0.11', device: 'u0' };
  const overlay = () =>
    network({
      driver: 'overlay',
      scope: 'global',
      mtu: 1450,
      options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
    });

  test('create: the VXLAN device (nolearning, proxy, bound to the underlay) is made in the bridge’s batch', async () => {
    const r = kernelLike();
    await new OverlayDriver(
      r,
      () => underlay,
      (id) => naming.vxlan(id),
    ).createNetwork(overlay());
    assert.deepEqual(r.calls.map(show), [
      'ip -o -batch - | link add t-babcdef0 address 02:42:0a:09:00:01 type bridge; link set t-babcdef0 mtu 1450; ' +
        'addr add 10.9.0.1/24 dev t-babcdef0; ' +
        'link add t-xabcdef0 mtu 1450 type vxlan id 4097 local 198.18.0.11 dev u0 dstport 4789 nolearning proxy; ' +
        'link set t-xabcdef0 master t-babcdef0; link set t-xabcdef0 up; link set t-babcdef0 up; link show dev t-babcdef0',
      'tee /proc/sys/net/ipv4/conf/t-babcdef0/route_localnet | 1',
    ]);
  });

  test('a VXLAN device left by an earlier life: removed and the create tried once more', async () => {
    let first = true;
    const r = new FakeRunner((c) => {
      if (c.argv.includes('-o') && first) {
        first = false;
        return { exitCode: 2, stderr: 'Error: A VXLAN device with the specified VNI already exists.' };
      }
      return {};
    });
    await new OverlayDriver(
      r,
      () => underlay,
      (id) => naming.vxlan(id),
    ).createNetwork(overlay());
    assert.deepEqual(
      r.calls.map((c) => c.argv.join(' ') + (c.argv.includes('-force') ? ` | ${c.stdin?.trim()}` : '')),
      [
        'ip -o -batch -',
        'ip -force -batch - | link del t-babcdef0',
        'ip -force -batch - | link del t-xabcdef0',
        'ip -o -batch -',
        'tee /proc/sys/net/ipv4/conf/t-babcdef0/route_localnet',
      ],
    );
  });

  test('without the cluster store: refused before any command', async () => {
    const r = new FakeRunner();
    await assert.rejects(
      new OverlayDriver(
        r,
        () => undefined,
        (id) => naming.vxlan(id),
      ).createNetwork(overlay()),
      /overlay networks need the cluster store \(start the daemon with --cluster-store\)/,
    );
    assert.equal(r.calls.length, 0);
  });

  test('dual stack: one neighbour entry per address of a peer, both removed when it leaves', async () => {
    const r = new FakeRunner();
    const d = new OverlayDriver(
      r,
      () => underlay,
      (id) => naming.vxlan(id),
    );
    const peer = { ip: '10.9.0.7', ip6: 'fd00:9::7', mac: '02:42:0a:09:00:07', vtep: '198.18.0.12' };
    await d.programPeers(overlay(), new Map([['e7', peer]]));
    assert.deepEqual(r.calls.map(show).sort(), [
      'bridge -batch - | fdb replace 02:42:0a:09:00:07 dev t-xabcdef0 dst 198.18.0.12 self permanent',
      'ip -o -batch - | neigh replace 10.9.0.7 lladdr 02:42:0a:09:00:07 dev t-xabcdef0 nud permanent; ' +
        'neigh replace fd00:9::7 lladdr 02:42:0a:09:00:07 dev t-xabcdef0 nud permanent',
    ]);
    r.calls.length = 0;
    await d.programPeers(overlay(), new Map());
    assert.deepEqual(r.calls.map(show).sort(), [
      'bridge -force -batch - | fdb del 02:42:0a:09:00:07 dev t-xabcdef0 self',
      'ip -force -batch - | neigh del fd00:9::7 dev t-xabcdef0; neigh del 10.9.0.7 dev t-xabcdef0',
    ]);
  });

  test("a peer's arrival: the FDB and neighbour batches run first, the bypass's nft transaction only once they are done", async () => {
    // The FDB and neighbour batches are held until released: meanwhile no nft transaction may start (it
    // would compete with them for the cores on the path of a peer's convergence).
    let release!: () => void;
    const held = new Promise<void>((res) => (release = res));
    const calls: string[] = [];
    const r = {
      run: async (c: Command) => {
        calls.push(c.argv[0] as string);
        if (c.argv[0] !== 'nft') await held;
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    };
    const bypass = new OverlayBypass(r, () => 'T');
    bypass.unavailable = undefined;
    const d = new OverlayDriver(
      r,
      () => underlay,
      (id) => naming.vxlan(id),
      bypass,
    );
    const peer = { ip: '10.9.0.7', mac: '02:42:0a:09:00:07', vtep: '198.18.0.12' };
    const locals = new Map([['e1', { mac: '02:42:0a:09:00:02', ifname: 't-ve1' }]]);
    const done = d.programPeers(overlay(), new Map([['e7', peer]]), false, locals);
    await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(calls.sort(), ['bridge', 'ip'], 'no nft while the batches run');
    release();
    await done;
    await new Promise((res) => setTimeout(res, 20));
    assert.deepEqual(calls.slice(2), ['nft'], 'the bypass follows');
  });

  test('delete: the VXLAN device, then the bridge', async () => {
    const r = new FakeRunner();
    await new OverlayDriver(
      r,
      () => underlay,
      (id) => naming.vxlan(id),
    ).deleteNetwork(overlay());
    assert.deepEqual(r.calls.map(show), [
      'ip -force -batch - | link del t-xabcdef0',
      'ip -force -batch - | link del t-babcdef0',
    ]);
  });
});

describe('macvlan driver', () => {
  const lan = () =>
    network({
      driver: 'macvlan',
      device: undefined,
      options: { parent: 'eth0' },
      subnets: [{ subnet: '203.0.113.0/24', gateway: '203.0.113.1', auxAddresses: {}, auto: false }],
    });

  test('join: the macvlan child is made on the parent straight into the new namespace, then addressed there', async () => {
    const r = new FakeRunner();
    await new L2Driver('macvlan', r, naming).join(lan(), { ...endpoint, ipv4: '203.0.113.5' }, sandbox(), {
      defaultRoute: true,
      newNamespace: true,
    });
    assert.deepEqual(r.calls.map(show), [
      'ip -o -batch - | netns add t-sb-feedface0011; ' +
        'link add link eth0 name eth0 address 02:42:0a:09:00:02 mtu 1500 netns t-sb-feedface0011 type macvlan mode bridge',
      'ip -n t-sb-feedface0011 -o -batch - | link set lo up; addr add 203.0.113.5/24 dev eth0; ' +
        'link set eth0 up; route replace default via 203.0.113.1 dev eth0',
    ]);
  });

  test('leave: nothing on the host side (the link lives and dies in the sandbox)', async () => {
    const r = new FakeRunner();
    await new L2Driver('macvlan', r, naming).leave(lan(), endpoint, sandbox());
    assert.deepEqual(r.calls.map(show), ['ip -n t-sb-feedface0011 -force -batch - | link del eth0']);
  });
});

describe('host and none drivers', () => {
  for (const d of [new HostDriver(), new NullDriver()])
    test(`${d.type}: nothing to create or delete; a join is refused with Docker's text`, async () => {
      assert.equal(d.hasEndpoints, false);
      await d.createNetwork();
      await d.deleteNetwork();
      await assert.rejects(
        d.join(),
        d.type === 'host' ? /connected to host network/ : /in private \(none\) mode/,
      );
    });
});
