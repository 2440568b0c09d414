import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET014 marks container mode without a name', () => {
  checkFixture(fixture('NET014-container-empty.yaml'), { codes: ['NET014'] });
});

test('NET014 quotes the engine', () => {
  assert.match(
    messagesOf(fixture('NET014-container-empty.yaml'), 'NET014')[0] ?? '',
    /^Invalid network mode: invalid container format container:<name\|id>;/,
  );
});

test('NET014 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET014'] });
});
