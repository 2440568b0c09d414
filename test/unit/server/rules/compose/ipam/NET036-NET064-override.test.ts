import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const dir = fixture('NET036-override');

test('overlap and duplicate address across the base and the override file point at the override (files load in name order)', () => {
  checkFixture(dir, { codes: ['NET036', 'NET064'] });
});

test('an interpolated subnet is checked with its value', () => {
  checkFixture(dir, { codes: ['NET036', 'NET064'], env: { FRONT_SUBNET: '10.1.0.0/16' } });
  assert.deepEqual(messagesOf(dir, 'NET036', { env: { FRONT_SUBNET: '10.9.0.0/16' } }), []);
});
