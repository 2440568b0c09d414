import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET063 marks static addresses outside every subnet', () => {
  checkFixture(fixture('NET063-static-ip-outside-subnet.yaml'), { codes: ['NET063'] });
});

test('NET063 quotes Engine 29 and names the subnet to use', () => {
  assert.deepEqual(messagesOf(fixture('NET063-static-ip-outside-subnet.yaml'), 'NET063'), [
    'invalid config for network rules_front: invalid endpoint settings: no configured subnet contains IP address 172.16.239.10; use an address inside 172.16.238.0/24',
  ]);
});
