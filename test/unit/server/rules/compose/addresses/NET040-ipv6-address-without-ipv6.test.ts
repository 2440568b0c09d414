import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET040 marks ipv6_address on a network without IPv6', () => {
  checkFixture(fixture('NET040-ipv6-address-without-ipv6.yaml'), { codes: ['NET040'] });
});

test('NET040 says what to add', () => {
  assert.deepEqual(messagesOf(fixture('NET040-ipv6-address-without-ipv6.yaml'), 'NET040'), [
    'ipv6_address fd00::10 on network "rules_v4", which has no IPv6: set enable_ipv6: true and add an IPv6 subnet to its ipam.config',
  ]);
});
