// The macvlan/ipvlan driver as data: its options with Docker's texts, the `ip -batch` lines of networks,
// shims and endpoints, the planning checks against a fake `ip -json link show`, and the kernel probe's parsing.
// test/engine/macvlan.test.ts runs all of it for real in namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelInfo, NetworkCreateParams } from '@switchyard/protocol';
import { NetworkCreateParamsSchema } from '@switchyard/protocol';
import { FakeRunner } from '../../../../engine/src/exec/fake-runner';
import type { L2Network } from '../../../../engine/src/drivers/l2-lines';
import * as l2 from '../../../../engine/src/drivers/l2-lines';
import { keepsParentMac } from '../../../../engine/src/drivers/l2-lines';
import { parseL2Options, parseVlanParent } from '../../../../engine/src/drivers/l2-options';
import { L2Driver } from '../../../../engine/src/drivers/macvlan';
import { failedLines, featuresFrom, missingFeature } from '../../../../engine/src/kernel/features';
import { Naming } from '../../../../engine/src/model/names';
import type { EndpointRecord, NetworkRecord, SandboxRecord, State } from '../../../../engine/src/model/types';

// The builders return checked batch lines; these tests read their text.
const networkLines = (...a: Parameters<typeof l2.networkLines>): string[] =>
  l2.networkLines(...a).map((l) => l.text);
const deleteLines = (...a: Parameters<typeof l2.deleteLines>): string[] =>
  l2.deleteLines(...a).map((l) => l.text);
const joinHostLines = (...a: Parameters<typeof l2.joinHostLines>): string[] =>
  l2.joinHostLines(...a).map((l) => l.text);
const joinInsideLines = (...a: Parameters<typeof l2.joinInsideLines>): string[] =>
  l2.joinInsideLines(...a).map((l) => l.text);

const naming = new Naming('t');
const ID = 'abcdef0123456789'.repeat(4);

function record(options: Record<string, string>, extra: Partial<NetworkRecord> = {}): NetworkRecord {
  return {
    id: ID,
    name: 'lan',
    driver: 'macvlan',
    scope: 'local',
    created: '',
    internal: false,
    attachable: true,
    enableIPv6: false,
    predefined: false,
    dns: true,
    icc: true,
    masquerade: false,
    mtu: 1500,
    subnets: [{ subnet: '203.0.113.0/24', gateway: '203.0.113.1', auxAddresses: {}, auto: false }],
    options,
    labels: {},
    createdLinks: [],
    ...extra,
  };
}
const shape = (net: NetworkRecord): L2Network => {
  const o = parseL2Options(net.driver as 'macvlan', net.options);
  return {
    net,
    o,
    parent: o.parent || naming.dummy(net.id),
    shimName: naming.shim(net.id),
    dummyName: naming.dummy(net.id),
  };
};
const ep: EndpointRecord = {
  id: 'e',
  networkId: ID,
  sandboxId: 's',
  ifname: 'eth0',
  hostIfname: 't-v1234567',
  mac: '02:42:cb:00:71:80',
  ipv4: '203.0.113.128',
  staticIp: false,
  aliases: [],
  created: '',
};
const sb = { netns: 't-sb-1', name: 'a' } as SandboxRecord;

test("options: Docker's defaults and texts", () => {
  assert.equal(parseL2Options('macvlan', { parent: 'eth0' }).mode, 'bridge');
  assert.deepEqual(parseL2Options('ipvlan', {}), {
    kind: 'ipvlan',
    parent: '',
    mode: 'l2',
    flag: 'bridge',
    shim: undefined,
  });
  assert.throws(() => parseL2Options('macvlan', { macvlan_mode: 'l2' }), {
    message: "requested macvlan mode 'l2' is not valid, 'bridge' mode is the macvlan driver default",
  });
  assert.throws(() => parseL2Options('ipvlan', { ipvlan_mode: 'l4' }), {
    message: "requested ipvlan mode 'l4' is not valid, 'l2' mode is the ipvlan driver default",
  });
  assert.throws(() => parseL2Options('ipvlan', { ipvlan_flag: 'x' }), {
    message: "requested ipvlan flag 'x' is not valid, 'bridge' is the ipvlan driver default",
  });
  assert.throws(() => parseL2Options('macvlan', { parent: 'lo' }), {
    message: 'loopback interface is not a valid macvlan parent link',
  });
});

test("VLAN parents: Docker's parse and texts", () => {
  const has = (n: string) => n === 'eth0';
  assert.deepEqual(parseVlanParent('eth0.10', has), { base: 'eth0', id: 10 });
  assert.throws(() => parseVlanParent('eth9', has), {
    message: 'invalid subinterface vlan name eth9, example formatting is eth0.10',
  });
  assert.throws(() => parseVlanParent('eth0.1.2', has), /required interface name format is: name\.vlan_id/);
  assert.throws(() => parseVlanParent('eth0.x', has), {
    message: 'unable to parse a valid vlan id from: x (ex. eth0.10 for vlan 10)',
  });
  assert.throws(() => parseVlanParent('eth1.10', has), {
    message: '-o parent interface was not found on the host: eth1',
  });
  assert.throws(() => parseVlanParent('eth0.4095', has), {
    message: 'vlan id must be between 1-4094, received: 4095',
  });
});

test('network lines: dummy or VLAN parent first, then the shim with a /32 and a route to the ip-range', () => {
  const dummy = record({}, { createdLinks: [naming.dummy(ID)] });
  assert.deepEqual(networkLines(shape(dummy), new Set()), [
    'link add t-dabcdef0 type dummy',
    'link set t-dabcdef0 up',
  ]);
  const vlan = record({ parent: 'eth0.10' }, { createdLinks: ['eth0.10'] });
  assert.deepEqual(networkLines(shape(vlan), new Set(['eth0'])), [
    'link add link eth0 name eth0.10 type vlan id 10',
    'link set eth0.10 up',
  ]);
  const shim = record(
    { parent: 'eth0', 'switchyard.host-shim': '203.0.113.250' },
    { createdLinks: [naming.shim(ID)] },
  );
  (shim.subnets[0] as { ipRange?: string }).ipRange = '203.0.113.128/26';
  assert.deepEqual(networkLines(shape(shim), new Set()), [
    'link add link eth0 name t-sabcdef0 type macvlan mode bridge',
    'addr add 203.0.113.250/32 dev t-sabcdef0',
    'link set t-sabcdef0 up',
    'route add 203.0.113.128/26 dev t-sabcdef0',
  ]);
  assert.deepEqual(
    networkLines(shape(shim), new Set(['t-sabcdef0'])),
    [],
    'only what is missing (reconcile)',
  );
  assert.deepEqual(deleteLines(shape(shim), []), ['link del t-sabcdef0']);
  assert.deepEqual(
    deleteLines(shape(vlan), [record({ parent: 'eth0.10' }, { id: 'x', createdLinks: ['eth0.10'] })]),
    [],
    'a VLAN link another network uses stays',
  );
  assert.deepEqual(deleteLines(shape(vlan), []), ['link del eth0.10']);
});

test('join lines: created inside the sandbox under its final name; passthru and ipvlan keep the parent MAC', () => {
  const net = record({ parent: 'eth0' });
  assert.deepEqual(joinHostLines(shape(net), ep, sb, true), [
    'netns add t-sb-1',
    'link add link eth0 name eth0 address 02:42:cb:00:71:80 mtu 1500 netns t-sb-1 type macvlan mode bridge',
  ]);
  const pt = record({ parent: 'eth0', macvlan_mode: 'passthru' });
  assert.deepEqual(joinHostLines(shape(pt), ep, sb, false), [
    'link add link eth0 name eth0 mtu 1500 netns t-sb-1 type macvlan mode passthru',
  ]);
  const iv = record({ parent: 'eth0', ipvlan_mode: 'l3' }, { driver: 'ipvlan' });
  const ivShape: L2Network = { ...shape(net), o: parseL2Options('ipvlan', iv.options), net: iv };
  assert.match(
    joinHostLines(ivShape, ep, sb, false)[0] as string,
    /mtu 1500 netns t-sb-1 type ipvlan mode l3 bridge$/,
  );
  assert.deepEqual(joinInsideLines(shape(net), ep, true, true), [
    'link set lo up',
    'addr add 203.0.113.128/24 dev eth0',
    'link set eth0 up',
    'route replace default via 203.0.113.1 dev eth0',
  ]);
  // No gateway (Engine 29 allocates none unless asked) and ipvlan L3: the default route is the link itself.
  const noGw = record(
    { parent: 'eth0' },
    { subnets: [{ subnet: '203.0.113.0/24', auxAddresses: {}, auto: false }] },
  );
  assert.ok(joinInsideLines(shape(noGw), ep, false, true).includes('route replace default dev eth0'));
  assert.ok(joinInsideLines(ivShape, ep, false, true).includes('route replace default dev eth0'));
  assert.ok(!joinInsideLines(shape(net), ep, false, false).some((l) => l.includes('default')));
  assert.equal(keepsParentMac(parseL2Options('macvlan', { macvlan_mode: 'passthru' })), true);
  assert.equal(keepsParentMac(parseL2Options('macvlan', {})), false);
});

const links = JSON.stringify([
  { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP'], mtu: 65536, link_type: 'loopback' },
  { ifindex: 2, ifname: 'eth0', flags: ['UP'], mtu: 9000, link_type: 'ether' },
]);
const kernel = (missing: string[]): KernelInfo => ({
  release: '6.18',
  features: featuresFrom('', undefined).map((f) =>
    missing.includes(f.name) ? { ...f, available: false, detail: 'Unknown device type.' } : f,
  ),
});
const plan = async (
  opts: Record<string, string>,
  k: KernelInfo,
  s: State = { version: 1, networks: [], endpoints: [], sandboxes: [], hostSysctls: {} },
  driver: 'macvlan' | 'ipvlan' = 'macvlan',
) => {
  const d = new L2Driver(driver, new FakeRunner(() => ({ stdout: links })), naming);
  d.useKernel(k);
  const p: NetworkCreateParams = NetworkCreateParamsSchema.parse({
    name: 'lan',
    driver,
    options: opts,
    ipam: [{ subnet: '203.0.113.0/24' }],
  });
  return d.planNetwork(record(opts, { driver }), s, p);
};

test('planning: parent MTU, no gateway unless asked, shim reserved; what the kernel lacks is refused by name', async () => {
  const all = kernel([]);
  const net = await plan({ parent: 'eth0' }, all);
  assert.equal(net.mtu, 9000, "the parent's MTU");
  assert.equal(net.subnets[0]?.gateway, undefined);
  assert.equal(net.device, undefined);
  const shim = await plan({ parent: 'eth0', 'switchyard.host-shim': '203.0.113.9' }, all);
  assert.deepEqual(shim.createdLinks, ['t-sabcdef0']);
  assert.equal(shim.subnets[0]?.auxAddresses['switchyard-host-shim'], '203.0.113.9');
  const noParent = await plan({}, all);
  assert.equal(noParent.internal, true, 'no parent: internal, as Docker');
  assert.deepEqual(noParent.createdLinks, ['t-dabcdef0']);
  await assert.rejects(plan({ parent: 'lo' }, all), {
    message: 'loopback interface is not a valid macvlan parent link',
  });
  await assert.rejects(
    plan({ parent: 'eth0.10' }, kernel(['vlan8021q'])),
    /has no 802\.1q VLAN sub-interfaces \(CONFIG_VLAN_8021Q/,
  );
  await assert.rejects(plan({}, kernel(['dummy'])), /without -o parent .* has no dummy links \(CONFIG_DUMMY/);
  await assert.rejects(
    plan({ parent: 'eth0' }, kernel(['ipvlan']), undefined, 'ipvlan'),
    /cannot create ipvlan network lan: this kernel \(6\.18\) has no ipvlan links/,
  );
  const other = record({ parent: 'eth0', macvlan_mode: 'passthru' }, { id: 'f'.repeat(64) });
  await assert.rejects(
    plan({ parent: 'eth0' }, all, {
      version: 1,
      networks: [other],
      endpoints: [],
      sandboxes: [],
      hostSysctls: {},
    }),
    {
      message: `macvlan network ${'f'.repeat(64)} is already using parent interface eth0 in mode passthru`,
    },
  );
});

test('kernel probe parsing: each failed batch line is its feature; one line per refusal', () => {
  const stderr = 'Unknown device type.\nCommand failed -:3\nUnknown device type.\nCommand failed -:4\n';
  assert.deepEqual(
    [...failedLines(stderr)],
    [
      [3, 'Unknown device type.'],
      [4, 'Unknown device type.'],
    ],
  );
  const f = featuresFrom(
    stderr,
    'Requested AEAD algorithm not found.',
    'Could not process rule: No such file or directory',
  );
  const avail = Object.fromEntries(f.map((x) => [x.name, x.available]));
  assert.deepEqual(avail, {
    macvlan: true,
    ipvlan: false,
    vlan8021q: false,
    dummy: true,
    vxlan: true,
    wireguard: true,
    esp: false,
    netdevFwd: false,
  });
  assert.equal(
    f.find((x) => x.name === 'netdevFwd')?.config,
    'CONFIG_NF_TABLES_NETDEV + CONFIG_NFT_FWD_NETDEV',
  );
  assert.equal(featuresFrom('', undefined).find((x) => x.name === 'netdevFwd')?.available, true);
  const noVeth = featuresFrom('veth missing\nCommand failed -:1\n', undefined);
  assert.match(noVeth.find((x) => x.name === 'macvlan')?.detail ?? '', /^not probed: veth missing/);
  const msg = missingFeature(
    { release: '6.18', features: f },
    'esp',
    'cannot create encrypted overlay network o',
  );
  assert.equal(
    msg,
    'cannot create encrypted overlay network o: this kernel (6.18) has no IPsec ESP (xfrm, AES-GCM) (CONFIG_INET_ESP + CONFIG_XFRM_USER + gcm(aes); the probe at engine start answered "Requested AEAD algorithm not found."); load or enable it, or use a host whose kernel has it',
  );
});
