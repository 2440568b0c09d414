import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET060 marks ipv4_address values that are not IPv4', () => {
  checkFixture(fixture('NET060-ipv4-address-syntax.yaml'), { codes: ['NET060'] });
});

test('NET060 quotes Compose for garbage and the engine for the wrong family', () => {
  assert.deepEqual(messagesOf(fixture('NET060-ipv4-address-syntax.yaml'), 'NET060'), [
    'invalid IPv4 address: ParseAddr("172.16.238.300"): IPv4 field has value >255',
    'invalid IPv4 address: fd00::5',
    'invalid IPv4 address: 0.0.0.0',
  ]);
});
