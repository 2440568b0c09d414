import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET010 marks each undefined network where the service names it', () => {
  checkFixture(fixture('NET010-undefined.yaml'), { codes: ['NET010'] });
});

test('NET010 quotes compose-go', () => {
  assert.deepEqual(messagesOf(fixture('NET010-undefined.yaml'), 'NET010'), [
    'service "web" refers to undefined network back: invalid compose project',
    'service "api" refers to undefined network cache: invalid compose project',
  ]);
});

test('NET010 is quiet when every network is declared', () => {
  checkFixture(fixture('NET010-clean.yaml'), { codes: ['NET010'] });
});
