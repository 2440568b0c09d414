import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = hostWith({
  networks: [
    { name: 'traefik', subnets: ['172.20.0.0/16'] },
    { id: '0123456789abcdef'.padEnd(64, '0'), name: 'legacy' },
  ],
});

test('NET021 marks external networks the host does not have (by name or ID prefix)', () => {
  checkFixture(fixture('NET021-external-network-missing.yaml'), { codes: ['NET021'], host });
});

test('NET021 quotes Compose and says how to create the network', () => {
  assert.deepEqual(messagesOf(fixture('NET021-external-network-missing.yaml'), 'NET021', { host }), [
    'network proxy declared as external, but could not be found on root@build-1; create it with "docker network create proxy" or use one of: traefik, legacy',
    'network shared-net declared as external, but could not be found on root@build-1; create it with "docker network create shared-net" or use one of: traefik, legacy',
  ]);
});

test('NET021 says nothing without a host', () => {
  assert.deepEqual(messagesOf(fixture('NET021-external-network-missing.yaml'), 'NET021'), []);
});
