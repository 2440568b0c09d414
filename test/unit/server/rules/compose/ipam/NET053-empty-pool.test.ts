import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET053 marks a macvlan pool of the whole address space', () => {
  checkFixture(fixture('NET053-empty-pool.yaml'), { codes: ['NET053'] });
});

test('NET053 quotes the driver', () => {
  assert.deepEqual(messagesOf(fixture('NET053-empty-pool.yaml'), 'NET053'), ['ipv4 pool is empty']);
});
