import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET061 marks ipv6_address values that are not IPv6', () => {
  checkFixture(fixture('NET061-ipv6-address-syntax.yaml'), { codes: ['NET061'] });
});

test('NET061 quotes Compose and the engine', () => {
  assert.deepEqual(messagesOf(fixture('NET061-ipv6-address-syntax.yaml'), 'NET061'), [
    'invalid IPv6 address: 10.0.0.1',
    'invalid IPv6 address: ParseAddr("fd00::zz"): each colon-separated field must have at least one digit (at "zz")',
    'invalid IPv6 address: fd00:1::5%eth0',
  ]);
});
