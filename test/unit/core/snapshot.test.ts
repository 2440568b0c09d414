// The host snapshot built from Docker's own replies (GET /networks, GET /containers/json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostNetworkFromDocker, snapshotFromDocker, withHostFacts } from '@switchyard/core';
import { DockerContainerSummarySchema, DockerNetworkSchema } from '@switchyard/protocol';

const bridge = DockerNetworkSchema.parse({
  Name: 'app_default',
  Id: 'f00d',
  Driver: 'bridge',
  IPAM: {
    Config: [
      { Subnet: '172.20.0.0/16', Gateway: '172.20.0.1' },
      { Subnet: 'fd00:20::/64' },
      { Gateway: '10.9.9.9' },
    ],
  },
  Containers: { c1: { Name: 'app-web-1' }, c2: { Name: 'app-db-1' } },
  Labels: { 'com.docker.compose.project': 'app' },
});

test('a Docker network becomes a host network: subnets with their gateway, members, labels', () => {
  assert.deepEqual(hostNetworkFromDocker(bridge), {
    id: 'f00d',
    name: 'app_default',
    driver: 'bridge',
    scope: 'local',
    internal: false,
    subnets: [{ subnet: '172.20.0.0/16', gateway: '172.20.0.1' }, { subnet: 'fd00:20::/64' }],
    containers: ['app-web-1', 'app-db-1'],
    source: 'docker',
    labels: { 'com.docker.compose.project': 'app' },
  });
  const bare = hostNetworkFromDocker(
    DockerNetworkSchema.parse({ Name: 'none', Id: '0', IPAM: { Config: null }, Containers: null }),
  );
  assert.deepEqual([bare.subnets, bare.containers, bare.labels], [[], [], {}]);
});

test('published ports: owner from the first name (or the short id), protocol tcp unless udp or sctp', () => {
  const containers = [
    {
      Id: '0123456789abcdef0123',
      Names: ['/app-web-1', '/alias'],
      Ports: [
        { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { IP: '::', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
        { PrivatePort: 9000, Type: 'tcp' },
      ],
    },
    {
      Id: 'abcdef0123456789abcd',
      Names: [],
      Ports: [
        { PrivatePort: 3868, PublicPort: 3868, Type: 'sctp' },
        { IP: '127.0.0.1', PrivatePort: 1, PublicPort: 7000, Type: 'weird' },
      ],
    },
  ].map((c) => DockerContainerSummarySchema.parse(c));
  const snap = snapshotFromDocker(
    'unix:///var/run/docker.sock',
    '2026-01-01T00:00:00Z',
    [bridge],
    containers,
  );
  assert.equal(snap.host, 'unix:///var/run/docker.sock');
  assert.equal(snap.takenAt, '2026-01-01T00:00:00Z');
  assert.deepEqual(snap.routes, []);
  assert.deepEqual(
    snap.networks.map((n) => n.name),
    ['app_default'],
  );
  assert.deepEqual(snap.ports, [
    { hostIp: '0.0.0.0', port: 8080, protocol: 'tcp', owner: 'app-web-1', kind: 'published' },
    { hostIp: '::', port: 5353, protocol: 'udp', owner: 'app-web-1', kind: 'published' },
    { hostIp: '0.0.0.0', port: 3868, protocol: 'sctp', owner: 'abcdef012345', kind: 'published' },
    { hostIp: '127.0.0.1', port: 7000, protocol: 'tcp', owner: 'abcdef012345', kind: 'published' },
  ]);
});

test("the host's kernel joins the snapshot when /proc gave one, and is absent otherwise", () => {
  const base = snapshotFromDocker('h', 't', [], []);
  const facts = { ports: [], routes: ['10.0.0.0/8'], interfaces: ['lo', 'eth0'] };
  assert.equal(withHostFacts(base, { ...facts, kernel: '6.1.0-18-amd64' }).kernel, '6.1.0-18-amd64');
  const without = withHostFacts(base, facts);
  assert.equal('kernel' in without, false);
  assert.deepEqual([without.routes, without.interfaces], [['10.0.0.0/8'], ['lo', 'eth0']]);
});
