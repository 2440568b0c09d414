import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { hostWith } from '../host-snapshot';

const host = hostWith({
  networks: [
    { name: 'shop_front', subnets: ['10.49.0.0/16'] },
    { name: 'shop_back', subnets: ['10.51.0.0/16'] },
  ],
});
const file = fixture('HOST005-network-exists-with-other-subnet.yaml');

test('HOST005 marks a subnet that differs from the project network already on the host', () => {
  checkFixture(file, { codes: ['HOST005'], host });
});

test('HOST005 says what the host has and what to do', () => {
  assert.deepEqual(messagesOf(file, 'HOST005', { host }), [
    'network shop_front already exists on root@build-1 with subnet 10.49.0.0/16, not 10.50.0.0/16; Compose keeps the existing network (or asks to recreate it), so remove it first: docker compose down',
  ]);
  assert.deepEqual(messagesOf(file, 'HOST005'), []);
});

test('HOST005 has nothing to compare against a network on the host without a subnet', () => {
  const bare = hostWith({ networks: [{ name: 'shop_front', subnets: [] }] });
  assert.deepEqual(messagesOf(file, 'HOST005', { host: bare }), []);
});

test('HOST005 compares the subnets masked, and names every subnet the host has', () => {
  const unmasked = hostWith({ networks: [{ name: 'shop_front', subnets: ['10.50.0.1/16'] }] });
  assert.deepEqual(messagesOf(file, 'HOST005', { host: unmasked }), []);
  const two = hostWith({ networks: [{ name: 'shop_front', subnets: ['10.49.0.0/16', 'fd00:49::/64'] }] });
  assert.deepEqual(messagesOf(file, 'HOST005', { host: two }), [
    'network shop_front already exists on root@build-1 with subnet 10.49.0.0/16, fd00:49::/64, not 10.50.0.0/16; Compose keeps the existing network (or asks to recreate it), so remove it first: docker compose down',
  ]);
});
