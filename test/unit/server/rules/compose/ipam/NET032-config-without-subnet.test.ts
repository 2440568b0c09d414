import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET032 marks an ipam.config entry without subnet', () => {
  checkFixture(fixture('NET032-config-without-subnet.yaml'), { codes: ['NET032'] });
});

test('NET032 quotes the engine parsing the empty subnet', () => {
  assert.deepEqual(messagesOf(fixture('NET032-config-without-subnet.yaml'), 'NET032'), [
    'invalid subnet : invalid CIDR block notation',
  ]);
});
