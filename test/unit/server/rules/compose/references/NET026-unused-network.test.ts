import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET026 marks what it should in NET026-unused.yaml', () => {
  checkFixture(fixture('NET026-unused.yaml'), { codes: ['NET026'] });
});

test('NET026 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET026-unused.yaml'), 'NET026'), [
    'network "unused" is declared but no service uses it, so Compose does not create it',
    'network "old" is declared but no service uses it, so Compose does not create it',
  ]);
});

test('NET026 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET026'] });
});

test('NET026 counts only services the active profiles enable', () => {
  checkFixture(fixture('NET026-debug-profile.yaml'), { codes: ['NET026'], profiles: [] });
  assert.deepEqual(messagesOf(fixture('NET026-debug-profile.yaml'), 'NET026'), []);
});
