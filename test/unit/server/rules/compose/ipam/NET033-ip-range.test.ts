import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET033 marks each ip_range problem, several on one range when several hold', () => {
  checkFixture(fixture('NET033-ip-range.yaml'), { codes: ['NET033'] });
});

test('NET033 quotes the engine (and Compose for syntax)', () => {
  assert.deepEqual(messagesOf(fixture('NET033-ip-range.yaml'), 'NET033'), [
    "invalid ip-range 10.0.0.0/24: parent subnet 172.28.0.0/16 doesn't contain ip-range",
    'invalid ip-range 10.1.1.7/24: it should be 10.1.1.0/24',
    'invalid ip-range 10.2.0.0/8: CIDR block is bigger than its parent subnet 10.2.0.0/16',
    'invalid ip-range 10.2.0.0/8: it should be 10.0.0.0/8',
    `invalid ip-range: netip.ParsePrefix("10.3.0.0"): no '/'`,
  ]);
});
