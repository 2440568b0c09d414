import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET039 marks enable_ipv4: false without IPv6, IPv4 subnets and ipv4_address on such networks', () => {
  checkFixture(fixture('NET039-ipv4-disabled.yaml'), { codes: ['NET039'] });
});

test('NET039 says how to make an IPv6-only network', () => {
  const msgs = messagesOf(fixture('NET039-ipv4-disabled.yaml'), 'NET039');
  assert.equal(msgs.length, 3);
  assert.ok(
    msgs.some((m) => m.includes('network "broken" sets enable_ipv4: false without enable_ipv6: true')),
  );
  assert.ok(msgs.some((m) => m.startsWith('IPv4 subnet 10.8.0.0/16 of network "v6only" is ignored')));
});
