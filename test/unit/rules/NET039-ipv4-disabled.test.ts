import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET039 marks enable_ipv4: false without IPv6, IPv4 subnets and ipv4_address on such networks', () => {
  checkFixture(fixture('NET039-ipv4-disabled.yaml'), { codes: ['NET039'] });
});
