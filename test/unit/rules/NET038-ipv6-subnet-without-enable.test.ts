import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET038 marks IPv6 subnets without enable_ipv6: true', () => {
  checkFixture(fixture('NET038-ipv6-subnet-without-enable.yaml'), { codes: ['NET038'] });
});

test('NET038 explains both the missing and the explicit false case', () => {
  const [missing, off] = messagesOf(fixture('NET038-ipv6-subnet-without-enable.yaml'), 'NET038');
  assert.match(missing ?? '', /without enable_ipv6: true; Engine 25 and later enable IPv6 for it/);
  assert.match(off ?? '', /sets enable_ipv6: false but has IPv6 subnet fd00:b::\/64/);
});
