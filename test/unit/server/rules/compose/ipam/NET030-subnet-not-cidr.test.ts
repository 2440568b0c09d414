import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET030 marks each subnet that is not CIDR', () => {
  checkFixture(fixture('NET030-subnet-not-cidr.yaml'), { codes: ['NET030'] });
});

test("NET030 quotes Compose's Go parser", () => {
  assert.deepEqual(messagesOf(fixture('NET030-subnet-not-cidr.yaml'), 'NET030'), [
    `invalid subnet: netip.ParsePrefix("172.28.0.0"): no '/'`,
    'invalid subnet: netip.ParsePrefix("10.1.0.0/x"): bad bits after slash: "x"',
    'invalid subnet: netip.ParsePrefix("10.3.0.0/33"): prefix length out of range',
  ]);
});
