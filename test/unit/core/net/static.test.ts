import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStaticAddress, duplicateStaticAddresses } from '../../../../core/src/net';
import type { IpamNetworkInput } from '../../../../core/src/net';

const network = (
  configs: { subnet: string; gateway?: string; ipRange?: string; aux?: Record<string, string> }[],
  extra: Partial<IpamNetworkInput<string>> = {},
): IpamNetworkInput<string> => ({
  name: 'p_front',
  configs: configs.map((c) => ({
    subnet: { value: c.subnet, at: 'subnet' },
    ...(c.gateway ? { gateway: { value: c.gateway, at: 'gw' } } : {}),
    ...(c.ipRange ? { ipRange: { value: c.ipRange, at: 'range' } } : {}),
    auxAddresses: Object.entries(c.aux ?? {}).map(([name, value]) => ({ name, value: { value, at: name } })),
  })),
  ...extra,
});

const check = (net: IpamNetworkInput<string>, value: string, family: 4 | 6 = 4): string[] =>
  checkStaticAddress({ service: 'web', network: net, family, address: { value, at: 'ip' } }).map(
    (f) => `${f.code} ${f.severity}: ${f.message}`,
  );

const v4 = network([{ subnet: '10.5.0.0/24' }]);

test('syntax: compose text for garbage, engine text for the wrong family', () => {
  assert.deepEqual(check(v4, '172.16.238.300'), [
    'NET060 error: invalid IPv4 address: ParseAddr("172.16.238.300"): IPv4 field has value >255',
  ]);
  assert.deepEqual(check(v4, 'fd00::1'), ['NET060 error: invalid IPv4 address: fd00::1']);
  assert.deepEqual(check(v4, '0.0.0.0'), ['NET060 error: invalid IPv4 address: 0.0.0.0']);
  assert.deepEqual(check(network([{ subnet: 'fd00::/64' }], { enableIpv6: true }), '10.0.0.1', 6), [
    'NET061 error: invalid IPv6 address: 10.0.0.1',
  ]);
});

test('syntax: an IPv6 zone is refused in a static address (the engine takes no zone), even inside the subnet', () => {
  const v6 = network([{ subnet: 'fd00::/64' }], { enableIpv6: true });
  assert.deepEqual(check(v6, 'fd00::5%eth0', 6), ['NET061 error: invalid IPv6 address: fd00::5%eth0']);
  assert.deepEqual(check(v6, 'fd00::5', 6), [], 'the same address without the zone is fine');
});

test('no user subnet: NET062 warning; IPv6 on a network without IPv6: NET040', () => {
  const auto = network([]);
  assert.match(
    check(auto, '172.20.0.5')[0] ?? '',
    /^NET062 warning: user specified IP address is supported only/,
  );
  assert.match(
    check(v4, 'fd00::5', 6)[0] ?? '',
    /^NET040 error: ipv6_address fd00::5 on network "p_front", which has no IPv6/,
  );
  assert.match(
    check(network([{ subnet: '10.5.0.0/24' }], { enableIpv6: true }), 'fd00::5', 6)[0] ?? '',
    /^NET062/,
  );
});

test('outside every subnet: NET063 with the engine 29 text', () => {
  assert.deepEqual(check(network([{ subnet: '172.16.238.0/24' }]), '172.16.239.10'), [
    'NET063 error: invalid config for network p_front: invalid endpoint settings: no configured subnet contains IP address 172.16.239.10; use an address inside 172.16.238.0/24',
  ]);
});

test('reserved addresses: network, broadcast, gateway (explicit or implicit), aux', () => {
  const reason = (net: IpamNetworkInput<string>, ip: string): string => {
    const [f] = checkStaticAddress({
      service: 'web',
      network: net,
      family: 4,
      address: { value: ip, at: 'ip' },
    });
    return f ? `${f.code} ${f.message}` : 'ok';
  };
  assert.match(
    reason(v4, '10.5.0.0'),
    /^NET064 Address already in use: ipv4_address 10.5.0.0 is the network address/,
  );
  assert.match(reason(v4, '10.5.0.255'), /is the broadcast address/);
  assert.match(reason(v4, '10.5.0.1'), /is the gateway the engine assigns by default/);
  assert.equal(reason(network([{ subnet: '10.5.0.0/24', gateway: '10.5.0.254' }]), '10.5.0.1'), 'ok');
  assert.match(
    reason(network([{ subnet: '10.5.0.0/24', gateway: '10.5.0.254' }]), '10.5.0.254'),
    /is the gateway of/,
  );
  assert.equal(reason(network([{ subnet: '10.5.0.0/24' }], { driver: 'macvlan' }), '10.5.0.1'), 'ok');
  assert.match(
    reason(network([{ subnet: '10.5.0.0/24', aux: { router: '10.5.0.9' } }]), '10.5.0.9'),
    /aux_addresses "router"/,
  );
  assert.equal(reason(v4, '10.5.0.77'), 'ok');
});

test('inside ip_range: NET066 warning; outside it but inside the subnet is fine', () => {
  const ranged = network([{ subnet: '10.5.0.0/24', ipRange: '10.5.0.0/25' }]);
  assert.match(
    check(ranged, '10.5.0.20')[0] ?? '',
    /^NET066 warning: ipv4_address 10.5.0.20 lies inside ip_range 10.5.0.0\/25/,
  );
  assert.deepEqual(check(ranged, '10.5.0.200'), []);
});

test('duplicates across services and replicas', () => {
  const got = duplicateStaticAddresses([
    { service: 'a', network: 'n', address: { value: '10.5.0.10', at: 'a' }, replicas: 1 },
    { service: 'b', network: 'n', address: { value: '10.5.0.10', at: 'b' }, replicas: 1 },
    { service: 'c', network: 'm', address: { value: '10.5.0.10', at: 'c' }, replicas: 1 },
    { service: 'd', network: 'n', address: { value: '10.5.0.11', at: 'd' }, replicas: 3 },
    { service: 'e', network: 'n', address: { value: 'junk', at: 'e' }, replicas: 1 },
  ]);
  assert.deepEqual(
    got.map((f) => `${f.code} ${f.at}`),
    ['NET064 b', 'NET065 d'],
  );
  assert.deepEqual(
    got[0]?.related?.map((r) => r.at),
    ['a'],
  );
  assert.match(got[1]?.message ?? '', /runs 3 replicas with the one static address 10.5.0.11/);
});

test('reserved and outside addresses come with a free address to use instead', () => {
  const fixOf = (net: IpamNetworkInput<string>, value: string, taken: string[] = []) => {
    const [f] = checkStaticAddress({
      service: 'web',
      network: net,
      family: 4,
      address: { value, at: 'ip' },
      taken,
    });
    return f?.fix?.kind === 'replace' ? f.fix.text : undefined;
  };
  assert.equal(fixOf(v4, '10.5.0.1'), '10.5.0.2', 'the implicit gateway is skipped');
  assert.equal(fixOf(v4, '10.5.0.1', ['10.5.0.2', '10.5.0.3']), '10.5.0.4');
  assert.equal(fixOf(network([{ subnet: '10.5.0.0/24', ipRange: '10.5.0.0/25' }]), '10.6.0.1'), '10.5.0.128');
  assert.equal(fixOf(network([{ subnet: '10.5.0.0/24' }], { driver: 'macvlan' }), '10.5.0.0'), '10.5.0.1');
});

test('services that only meet under some profiles clash with a warning, never-together ones not at all', () => {
  const at = (service: string, at: string) => ({
    service,
    network: 'n',
    address: { value: '10.5.0.10', at },
    replicas: 1,
  });
  const profile: Record<string, string> = { dev: 'dev', prod: 'prod' };
  const together = (x: { service: string }, y: { service: string }) => {
    const [px, py] = [profile[x.service], profile[y.service]];
    if (px === undefined && py === undefined) return 'always' as const;
    return px !== undefined && py !== undefined && px !== py ? ('never' as const) : ('sometimes' as const);
  };
  const got = duplicateStaticAddresses([at('dev', 'a'), at('prod', 'b'), at('base', 'c')], { together });
  assert.deepEqual(
    got.map((f) => `${f.at} ${f.severity} ${f.related?.[0]?.at}`),
    ['c warning a'],
  );
  assert.match(got[0]?.message ?? '', /when their profiles are active together/);
});

test('drivers without a default gateway (macvlan, ipvlan, host, null) leave the first host free; bridge does not', () => {
  const first = (driver?: string) =>
    check(network([{ subnet: '10.5.0.0/24' }], driver === undefined ? {} : { driver }), '10.5.0.1');
  for (const driver of ['macvlan', 'ipvlan', 'host', 'null']) assert.deepEqual(first(driver), [], driver);
  for (const driver of [undefined, 'bridge', 'overlay']) {
    assert.match(
      first(driver)[0] ?? '',
      /is the gateway the engine assigns by default \(10\.5\.0\.1\)/,
      driver,
    );
  }
});

test('IPv6 texts: the key, the family of the missing subnet, and an IPv4-mapped address refused', () => {
  const v6 = network([{ subnet: 'fd00::/64', gateway: 'fd00::1' }], { enableIpv6: true });
  assert.deepEqual(check(v6, 'fd00::1', 6), [
    'NET064 error: Address already in use: ipv6_address fd00::1 is the gateway of network "p_front"; pick another address in fd00::/64',
  ]);
  assert.match(check(v4, '10.5.0.0')[0] ?? '', /: ipv4_address 10\.5\.0\.0 is the network address/);
  const v6NoSubnet = network([{ subnet: '10.5.0.0/24' }], { enableIpv6: true });
  assert.match(
    check(v6NoSubnet, 'fd00::5', 6)[0] ?? '',
    /network "p_front" has no IPv6 subnet in ipam\.config/,
  );
  assert.match(
    check(network([]), '10.5.0.5')[0] ?? '',
    /network "p_front" has no IPv4 subnet in ipam\.config/,
  );
  // An IPv4-mapped IPv6 address is an IPv4 address in disguise: the engine refuses it as ipv6_address.
  assert.deepEqual(check(v6, '::ffff:10.5.0.5', 6), ['NET061 error: invalid IPv6 address: ::ffff:10.5.0.5']);
  assert.deepEqual(check(v6, 'fd00::ffff:a05:5', 6), [], 'ffff in other places is an ordinary address');
});

test('syntax errors: the compose reader shows the parser error, the engine the address as given', () => {
  const engine = checkStaticAddress({
    service: 'web',
    network: v4,
    family: 4,
    address: { value: '172.16.238.300', at: 'ip' },
    texts: 'engine',
  });
  assert.deepEqual(
    engine.map((f) => `${f.code}: ${f.message}`),
    ['NET060: invalid IPv4 address: 172.16.238.300'],
  );
});

test('outside every subnet: NET063 lists each subnet of the family, the fix is titled with the address', () => {
  const two = network([{ subnet: '10.5.0.0/24' }, { subnet: '10.6.0.0/24' }, { subnet: 'fd00::/64' }]);
  const [f] = checkStaticAddress({
    service: 'web',
    network: two,
    family: 4,
    address: { value: '10.7.0.5', at: 'ip' },
  });
  assert.match(f?.message ?? '', /; use an address inside 10\.5\.0\.0\/24, 10\.6\.0\.0\/24$/);
  assert.deepEqual(f?.fix, { kind: 'replace', title: 'Use 10.5.0.2', text: '10.5.0.2' });
});

test('the suggested address skips an explicit gateway (and then not the first host)', () => {
  const [f] = checkStaticAddress({
    service: 'web',
    network: network([{ subnet: '10.5.0.0/24', gateway: '10.5.0.1' }]),
    family: 4,
    address: { value: '10.9.0.1', at: 'ip' },
  });
  assert.equal(f?.fix?.kind === 'replace' ? f.fix.text : undefined, '10.5.0.2');
  const [g] = checkStaticAddress({
    service: 'web',
    network: network([{ subnet: '10.5.0.0/24', gateway: '10.5.0.9' }]),
    family: 4,
    address: { value: '10.9.0.1', at: 'ip' },
  });
  assert.equal(g?.fix?.kind === 'replace' ? g.fix.text : undefined, '10.5.0.1');
});

test('duplicate static address: the error text, its related entry, and no clash of a service with itself', () => {
  const at = (service: string, value: string, where: string) => ({
    service,
    network: 'n',
    address: { value, at: where },
    replicas: 1,
  });
  const [f, ...rest] = duplicateStaticAddresses([at('a', '10.5.0.10', 'a'), at('b', '10.5.0.10', 'b')]);
  assert.equal(rest.length, 0);
  assert.equal(f?.severity, 'error');
  assert.equal(
    f?.message,
    'Address already in use: 10.5.0.10 on network "n" is also the static address of service "a"; give each service its own address',
  );
  assert.deepEqual(f?.related, [{ at: 'a', message: 'service "a" takes 10.5.0.10' }]);
  assert.deepEqual(duplicateStaticAddresses([at('a', '10.5.0.10', 'x'), at('a', '10.5.0.10', 'y')]), []);
});
