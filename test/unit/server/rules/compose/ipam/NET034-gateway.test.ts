import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET034 marks gateways outside, of the other family, or unparsable', () => {
  checkFixture(fixture('NET034-gateway.yaml'), { codes: ['NET034'] });
});

test('NET034 quotes the engine (and Compose for syntax)', () => {
  assert.deepEqual(messagesOf(fixture('NET034-gateway.yaml'), 'NET034'), [
    "invalid gateway 172.29.0.1: parent subnet 172.28.0.0/16 doesn't contain this address",
    'invalid gateway fd00::1: parent subnet is an IPv4 block',
    'invalid gateway address: ParseAddr("10.2.0.256"): IPv4 field has value >255',
  ]);
});
