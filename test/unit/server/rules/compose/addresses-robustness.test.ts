import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadProject } from '../../../../../server/src/compose/loader';
import { analyze } from '../../../../../server/src/analyze';
import { addressRules } from '../../../../../server/src/rules/compose/group-addresses';
import { hostWith } from './host-snapshot';

// Near-misses of addresses and prefixes, so the generator lands on the interesting edges often.
const addrText = fc.oneof(
  fc.constantFrom('10.5.0.0/16', '10.5.0.1', 'fd00::/64', 'fd00::1', '0.0.0.0/0', '::/0', '10.5.0.255', ''),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:/%x'.split('')), maxLength: 24, size: 'max' }),
);
const scalar = fc.oneof(addrText, fc.integer({ min: -1, max: 300 }), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 2, size: 'max' }),
  fc.dictionary(fc.constantFrom('x', 'y'), scalar, { maxKeys: 2, size: 'max' }),
);
const config = fc.record(
  {
    subnet: fc.oneof(addrText, value),
    gateway: fc.oneof(addrText, value),
    ip_range: addrText,
    aux_addresses: fc.oneof(
      fc.dictionary(fc.constantFrom('r', 's'), fc.oneof(addrText, value), { maxKeys: 2, size: 'max' }),
      value,
    ),
  },
  { requiredKeys: [] },
);
const network = fc.record(
  {
    driver: fc.constantFrom('bridge', 'macvlan', 'ipvlan', 'overlay', 'host', 'null', 'brigde', ''),
    external: fc.boolean(),
    name: fc.constantFrom('host', 'none', 'shared', 'traefik'),
    enable_ipv6: fc.oneof(fc.boolean(), scalar),
    enable_ipv4: fc.oneof(fc.boolean(), scalar),
    internal: fc.boolean(),
    attachable: fc.boolean(),
    driver_opts: fc.dictionary(
      fc.constantFrom('parent', 'macvlan_mode', 'ipvlan_mode', 'com.docker.network.bridge.name'),
      scalar,
      { maxKeys: 4, size: 'max' },
    ),
    ipam: fc.oneof(
      fc.record(
        {
          driver: fc.constantFrom('default', 'bridge'),
          config: fc.oneof(fc.array(config, { maxLength: 3, size: 'max' }), value),
        },
        { requiredKeys: [] },
      ),
      value,
    ),
  },
  { requiredKeys: [] },
);
const endpoint = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      ipv4_address: addrText,
      ipv6_address: addrText,
      mac_address: fc.constantFrom('02:42:ac:11:00:02', '02:42:zz', ''),
      aliases: fc.array(fc.constantFrom('a', 'b', 'db'), { maxLength: 2, size: 'max' }),
      link_local_ips: fc.oneof(fc.array(addrText, { maxLength: 2, size: 'max' }), scalar),
      interface_name: fc.constantFrom('eth1', 'a-very-long-interface-name'),
      gw_priority: fc.oneof(fc.integer({ min: 0, max: 3 }), scalar),
      priority: scalar,
    },
    { requiredKeys: [] },
  ),
);
const netKey = fc.constantFrom('front', 'back', 'default', 'ext');
const service = fc.record(
  {
    image: fc.constant('x'),
    networks: fc.oneof(
      fc.dictionary(netKey, endpoint, { maxKeys: 3, size: 'max' }),
      fc.array(netKey, { maxLength: 3, size: 'max' }),
      scalar,
    ),
    mac_address: fc.constantFrom('02:42:ac:11:00:03', 'zz'),
    ports: fc.constant(['80:80']),
    scale: fc.integer({ min: 0, max: 3 }),
    profiles: fc.array(fc.constantFrom('dev'), { maxLength: 1, size: 'max' }),
  },
  { requiredKeys: ['image'] },
);
/** Well-formed networks and endpoints over a few subnets and addresses: overlaps and static-address checks run. */
const SUBNETS = ['10.5.0.0/16', '10.5.1.0/24', '10.6.0.0/24', '10.5.0.0/24', 'fd00::/64', 'fd00::/48'];
const V4 = ['10.5.0.1', '10.5.0.9', '10.5.1.7', '10.6.0.3', '10.6.0.255', '10.7.0.1'];
const V6 = ['fd00::5', 'fd00::1', 'fd01::1'];
const plainNetwork = fc.record(
  {
    enable_ipv6: fc.boolean(),
    ipam: fc.record({
      config: fc.array(
        fc.record(
          {
            subnet: fc.constantFrom(...SUBNETS),
            gateway: fc.constantFrom(...V4, ...V6),
            ip_range: fc.constantFrom('10.5.0.0/24', '10.6.0.0/25', 'fd00::/80'),
          },
          { requiredKeys: ['subnet'] },
        ),
        { minLength: 1, maxLength: 2, size: 'max' },
      ),
    }),
  },
  { requiredKeys: ['ipam'] },
);
const plainService = fc.record({
  image: fc.constant('x'),
  networks: fc.dictionary(
    netKey,
    fc.record(
      { ipv4_address: fc.constantFrom(...V4), ipv6_address: fc.constantFrom(...V6) },
      { requiredKeys: [] },
    ),
    { minKeys: 1, maxKeys: 2, size: 'max' },
  ),
});
const host = hostWith({
  networks: [{ name: 'traefik', subnets: ['10.5.0.0/16'] }],
  routes: ['10.0.0.0/8', 'garbage', '0.0.0.0/0'],
});

test('address rules never throw and every finding lies inside its file, with and without a host', () => {
  const RUNS = 400;
  const codes = new Map<string, number>();
  // Samples reaching the subnet checks (overlaps, ranges, gateways) and the static-address checks.
  const SUBNET = ['NET033', 'NET034', 'NET036', 'NET038', 'HOST001', 'HOST004'];
  const STATIC = ['NET040', 'NET062', 'NET063', 'NET064', 'NET066'];
  const reached = { subnet: 0, static: 0 };
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(plainService, service), {
        maxKeys: 3,
        size: 'max',
      }),
      fc.dictionary(
        netKey,
        fc.oneof(
          { weight: 3, arbitrary: plainNetwork },
          { weight: 1, arbitrary: network },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
        { maxKeys: 4, size: 'max' },
      ),
      fc.boolean(),
      (services, networks, withHost) => {
        const text = stringify({ services, networks });
        const project = loadProject({ files: ['/p/compose.yaml'], reader: { read: () => text }, env: {} });
        const found = analyze(project, withHost ? host : null, addressRules);
        for (const code of new Set(found.map((f) => f.code))) codes.set(code, (codes.get(code) ?? 0) + 1);
        if (found.some((f) => SUBNET.includes(f.code))) reached.subnet++;
        if (found.some((f) => STATIC.includes(f.code))) reached.static++;
        for (const f of found) {
          if (f.at.file !== '/p/compose.yaml') continue;
          assert.ok(f.at.start >= 0 && f.at.end <= text.length && f.at.start <= f.at.end, f.code);
          assert.ok(f.message.length > 0, f.code);
          for (const r of f.related ?? []) assert.ok(r.at.end <= text.length, `${f.code} related`);
        }
      },
    ),
    { numRuns: RUNS },
  );
  const measured = `${JSON.stringify(reached)} of ${RUNS}; by code: ${JSON.stringify(Object.fromEntries([...codes].sort()))}`;
  assert.ok(reached.subnet >= RUNS * 0.25, `too few samples reach the subnet checks: ${measured}`);
  assert.ok(reached.static >= RUNS * 0.25, `too few samples reach the static-address checks: ${measured}`);
  for (const code of [...SUBNET, ...STATIC])
    assert.ok(codes.has(code), `no sample reached ${code}: ${measured}`);
  if (process.env['SWITCHYARD_FUZZ_STATS'])
    console.log(`address rule codes (samples with each): ${measured}`);
});
