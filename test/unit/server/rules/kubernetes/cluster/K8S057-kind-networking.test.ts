import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sFixture, fixture, messages } from '../harness';

test('K8S057 reports what kind validate.go refuses, in its words', () => {
  const found = checkK8sFixture(fixture('K8S057-project'), ['K8S057']);
  assert.deepEqual(messages(found, 'K8S057'), [
    'invalid pod subnet failed to parse cidr value:"10.244.0.0/33" with error: invalid CIDR address: 10.244.0.0/33',
    'invalid service subnet only one CIDR allowed for single-stack networking',
    'invalid apiServerPort: invalid port number: 70000',
    'invalid configuration for node 0: invalid portMapping: port mapping with same listen address, port and protocol already configured: 0.0.0.0:80/TCP',
    'invalid configuration for node 1: invalid containerPort: invalid port number: 70000',
    'invalid configuration for node 2: invalid portMapping: port mapping with same listen address, port and protocol already configured: 0.0.0.0:443/TCP',
  ]);
});

test('K8S057 checks ipFamily and the subnet family against it', () => {
  const found = checkK8sFixture(fixture('K8S057-v6.yaml'), ['K8S057']);
  assert.deepEqual(messages(found, 'K8S057'), ['invalid pod subnet expected IPv6 CIDR for IPv6 family']);
  const family = checkK8sFixture(fixture('K8S057-family.yaml'), ['K8S057']);
  assert.deepEqual(messages(family, 'K8S057'), ['invalid ipFamily: IPv4']);
});
