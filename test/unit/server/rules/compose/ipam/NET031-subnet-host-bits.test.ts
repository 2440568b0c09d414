import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET031 marks subnets with host bits, not on external networks', () => {
  checkFixture(fixture('NET031-subnet-host-bits.yaml'), { codes: ['NET031'] });
});

test('NET031 quotes the engine and says which prefix it should be', () => {
  assert.deepEqual(messagesOf(fixture('NET031-subnet-host-bits.yaml'), 'NET031'), [
    'invalid subnet 172.28.5.1/16: it should be 172.28.0.0/16',
    'invalid subnet fd00:1::1/64: it should be fd00:1::/64',
  ]);
});
