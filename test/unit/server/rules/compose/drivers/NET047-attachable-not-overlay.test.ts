import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET047 marks attachable on non-overlay networks', () => {
  checkFixture(fixture('NET047-attachable-not-overlay.yaml'), { codes: ['NET047'] });
});

test('NET047 names the driver', () => {
  assert.deepEqual(messagesOf(fixture('NET047-attachable-not-overlay.yaml'), 'NET047'), [
    'attachable has no effect on network "b" (driver bridge); only overlay networks use it',
  ]);
});
