import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET066 marks static addresses inside ip_range', () => {
  checkFixture(fixture('NET066-static-ip-in-ip-range.yaml'), { codes: ['NET066'] });
});

test('NET066 suggests leaving the dynamic range', () => {
  assert.match(
    messagesOf(fixture('NET066-static-ip-in-ip-range.yaml'), 'NET066')[0] ?? '',
    /lies inside ip_range 10\.5\.0\.0\/25 .* Use an address in 10\.5\.0\.0\/24 outside 10\.5\.0\.0\/25$/,
  );
});
