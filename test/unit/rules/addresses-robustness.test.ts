import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadProject } from '../../../server/src/compose/loader';
import { analyze } from '../../../server/src/analyze';
import { addressRules } from '../../../server/src/rules/group-addresses';
import { hostWith } from './host-snapshot';

// Near-misses of addresses and prefixes, so the generator lands on the interesting edges often.
const addrText = fc.oneof(
  fc.constantFrom('10.5.0.0/16', '10.5.0.1', 'fd00::/64', 'fd00::1', '0.0.0.0/0', '::/0', '10.5.0.255', ''),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:/%x'.split('')), maxLength: 24 }),
);
const scalar = fc.oneof(addrText, fc.integer({ min: -1, max: 300 }), fc.boolean(), fc.constant(null));
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('x', 'y'), scalar),
);
const config = fc.record(
  {
    subnet: fc.oneof(addrText, value),
    gateway: fc.oneof(addrText, value),
    ip_range: addrText,
    aux_addresses: fc.oneof(fc.dictionary(fc.constantFrom('r', 's'), fc.oneof(addrText, value)), value),
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
    ),
    ipam: fc.oneof(
      fc.record(
        {
          driver: fc.constantFrom('default', 'bridge'),
          config: fc.oneof(fc.array(config, { maxLength: 3 }), value),
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
      aliases: fc.array(fc.constantFrom('a', 'b', 'db'), { maxLength: 2 }),
      link_local_ips: fc.oneof(fc.array(addrText, { maxLength: 2 }), scalar),
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
      fc.dictionary(netKey, endpoint, { maxKeys: 3 }),
      fc.array(netKey, { maxLength: 3 }),
      scalar,
    ),
    mac_address: fc.constantFrom('02:42:ac:11:00:03', 'zz'),
    ports: fc.constant(['80:80']),
    scale: fc.integer({ min: 0, max: 3 }),
    profiles: fc.array(fc.constantFrom('dev'), { maxLength: 1 }),
  },
  { requiredKeys: ['image'] },
);
const host = hostWith({
  networks: [{ name: 'traefik', subnets: ['10.5.0.0/16'] }],
  routes: ['10.0.0.0/8', 'garbage', '0.0.0.0/0'],
});

test('address rules never throw and every finding lies inside its file, with and without a host', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), service, { maxKeys: 3 }),
      fc.dictionary(netKey, fc.oneof(network, fc.constant(null)), { maxKeys: 4 }),
      fc.boolean(),
      (services, networks, withHost) => {
        const text = stringify({ services, networks });
        const project = loadProject({ files: ['/p/compose.yaml'], reader: { read: () => text }, env: {} });
        for (const f of analyze(project, withHost ? host : null, addressRules)) {
          if (f.at.file !== '/p/compose.yaml') continue;
          assert.ok(f.at.start >= 0 && f.at.end <= text.length && f.at.start <= f.at.end, f.code);
          assert.ok(f.message.length > 0, f.code);
          for (const r of f.related ?? []) assert.ok(r.at.end <= text.length, `${f.code} related`);
        }
      },
    ),
    { numRuns: 400 },
  );
});
