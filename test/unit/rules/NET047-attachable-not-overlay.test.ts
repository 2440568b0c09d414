import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET047 marks attachable on non-overlay networks', () => {
  checkFixture(fixture('NET047-attachable-not-overlay.yaml'), { codes: ['NET047'] });
});
