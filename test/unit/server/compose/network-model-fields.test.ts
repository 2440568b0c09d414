// Every field of the network model (server/src/compose/network-model.ts) for one project, pinned whole: the
// defaults, what is left out when unset, the long port syntax, labels as a list, and which services are in
// it. Written from the mutation run of network-model.ts (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkModel } from '../../../../server/src/compose/network-model';
import { load } from './memfs';

const F = '/p/compose.yaml';
const model = (text: string, profiles?: string[]) =>
  networkModel(load({ [F]: text }, [F], profiles ? { profiles } : {}), F);

test('network model: every field, with the defaults and what is left out when it is not written', () => {
  const compose = [
    'name: fields',
    'services:',
    '  web:',
    '    image: nginx',
    '    networks:',
    '      front: { aliases: [www, 7, [x]], ipv4_address: 10.1.0.5, ipv6_address: "fd00::5" }',
    '      back: { aliases: db }',
    '    ports:',
    '      - "80"',
    '      - { target: 443, published: "8443", host_ip: 127.0.0.1, protocol: tcp, mode: host }',
    '      - { target: 53, protocol: udp }',
    '      - { target: 81, published: 8081 }',
    '      - { published: 9000 }',
    '      - [nested]',
    '    deploy: { replicas: 3 }',
    '  host:',
    '    image: busybox',
    '    network_mode: host',
    '    networks: [front]',
    '  listed:',
    '    image: busybox',
    '    networks: [back, 7, [nested]]',
    '    scale: -2',
    '  everywhere:',
    '    image: busybox',
    '    deploy: { mode: global, replicas: 5, endpoint_mode: dnsrr }',
    '  once:',
    '    image: busybox',
    '    deploy: { mode: global-job, replicas: 4 }',
    '  jobs:',
    '    image: busybox',
    '    deploy: { mode: replicated-job, replicas: 2 }',
    '  off:',
    '    image: busybox',
    '    profiles: [debug]',
    'networks:',
    '  front:',
    '    driver: macvlan',
    '    internal: true',
    '    enable_ipv6: false',
    '    driver_opts: { parent: eth0, mtu: 1400, nested: { a: b }, unset: ~ }',
    '    labels: [tier=web, "empty=", bare, "a=b=c", "", "=x"]',
    '    ipam:',
    '      config:',
    '        - { subnet: 10.1.0.0/24, gateway: 10.1.0.1, ip_range: 10.1.0.0/25, aux_addresses: { r: 10.1.0.2 } }',
    '        - subnet: 10.2.0.0/24',
    '        - gateway: 10.3.0.1',
    '        - not-a-map',
    '  back:',
    '    labels: { tier: data }',
    '',
  ].join('\n');
  const m = model(compose, []);
  assert.deepEqual(m.networks, [
    {
      key: 'front',
      name: 'fields_front',
      driver: 'macvlan',
      external: false,
      internal: true,
      enableIpv6: false,
      ipam: [
        {
          subnet: '10.1.0.0/24',
          gateway: '10.1.0.1',
          ipRange: '10.1.0.0/25',
          auxAddresses: { r: '10.1.0.2' },
        },
        { subnet: '10.2.0.0/24', auxAddresses: {} },
        { gateway: '10.3.0.1', auxAddresses: {} },
      ],
      driverOpts: { parent: 'eth0', mtu: '1400' },
      labels: { tier: 'web', empty: '', bare: '', a: 'b=c', '': 'x' },
    },
    {
      key: 'back',
      name: 'fields_back',
      driver: 'bridge',
      external: false,
      internal: false,
      ipam: [],
      driverOpts: {},
      labels: { tier: 'data' },
    },
    {
      key: 'default',
      name: 'fields_default',
      driver: 'bridge',
      external: false,
      internal: false,
      ipam: [],
      driverOpts: {},
      labels: {},
    },
  ]);
  assert.deepEqual(m.services, [
    {
      name: 'web',
      networks: [
        { key: 'front', aliases: ['www', '7'], ipv4: '10.1.0.5', ipv6: 'fd00::5' },
        { key: 'back', aliases: [] },
      ],
      ports: [
        { spec: '80', mode: 'ingress' },
        { spec: '127.0.0.1:8443:443/tcp', mode: 'host' },
        { spec: '53/udp', mode: 'ingress' },
        { spec: '8081:81', mode: 'ingress' },
      ],
      replicas: 3,
    },
    { name: 'host', networkMode: 'host', networks: [], ports: [], replicas: 1 },
    {
      name: 'listed',
      networks: [
        { key: 'back', aliases: [] },
        { key: '7', aliases: [] },
      ],
      ports: [],
      replicas: 0,
    },
    {
      name: 'everywhere',
      networks: [{ key: 'default', aliases: [] }],
      ports: [],
      replicas: 1,
      endpointMode: 'dnsrr',
    },
    { name: 'once', networks: [{ key: 'default', aliases: [] }], ports: [], replicas: 1 },
    { name: 'jobs', networks: [{ key: 'default', aliases: [] }], ports: [], replicas: 2 },
  ]);
  assert.deepEqual(m.files, [F]);
  assert.equal(compose.slice(m.servicesKeyOffset, (m.servicesKeyOffset ?? 0) + 9), 'services:');
  assert.equal(compose.slice(m.networksKeyOffset, (m.networksKeyOffset ?? 0) + 9), 'networks:');
});

test('network model: a file without a services or networks key has no offsets for them', () => {
  const m = model('name: x\n');
  assert.equal('servicesKeyOffset' in m, false);
  assert.equal('networksKeyOffset' in m, false);
  assert.deepEqual(m.services, []);
  assert.deepEqual(
    m.networks.map((n) => n.key),
    [],
  );
});
