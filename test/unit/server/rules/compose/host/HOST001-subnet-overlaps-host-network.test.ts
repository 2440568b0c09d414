import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = hostWith({
  networks: [
    { name: 'other_default', subnets: ['10.30.4.0/24'] },
    { name: 'shop_back', subnets: ['10.31.0.0/16'] },
    {
      name: 'renamed',
      subnets: ['10.32.0.0/16'],
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'mine' },
    },
    { name: 'ingress', scope: 'swarm', subnets: ['10.40.0.0/16'] },
    { name: 'vpn', subnets: ['10.33.0.0/16'] },
    { name: 'v6', subnets: ['fd00:30::/48', '10.34.0.0/16'] },
  ],
});

test('HOST001 marks subnets that overlap networks on the host, not the project own ones', () => {
  checkFixture(fixture('HOST001-subnet-overlaps-host-network.yaml'), { codes: ['HOST001'], host });
});

test('HOST001 names the host network and offers a subnet free there', () => {
  const [first] = messagesOf(fixture('HOST001-subnet-overlaps-host-network.yaml'), 'HOST001', { host });
  assert.equal(
    first,
    'Pool overlaps with other one on this address space: subnet 10.30.0.0/16 of network "front" overlaps 10.30.4.0/24 of network "other_default" on root@build-1; use a free subnet such as 10.128.0.0/16',
  );
});

test('HOST001 says nothing without a host', () => {
  assert.deepEqual(messagesOf(fixture('HOST001-subnet-overlaps-host-network.yaml'), 'HOST001'), []);
});

test('HOST001 leaves the IPv6 subnet of a network with enable_ipv6: false alone, and checks its IPv4 one', () => {
  checkFixture(fixture('HOST001-ipv6-off.yaml'), { codes: ['HOST001'], host });
});

test('HOST001 names the cluster hosts when the network is an overlay of an engine cluster', () => {
  const cluster = hostWith({
    networks: [
      {
        name: 'other_default',
        driver: 'overlay',
        scope: 'global',
        subnets: ['10.30.4.0/24'],
        clusterHosts: ['h1', 'h2', 'h3'],
        source: 'engine',
      },
    ],
  });
  const [first] = messagesOf(fixture('HOST001-subnet-overlaps-host-network.yaml'), 'HOST001', {
    host: cluster,
  });
  assert.match(
    first ?? '',
    /overlaps 10\.30\.4\.0\/24 of network "other_default" on root@build-1's cluster \(overlay across h1, h2, h3\)/,
  );
});
