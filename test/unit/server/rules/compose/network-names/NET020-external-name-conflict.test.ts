import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET020 marks what it should in NET020-name-conflict.yaml', () => {
  checkFixture(fixture('NET020-name-conflict.yaml'), { codes: ['NET020'] });
});

test('NET020 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET020-name-conflict.yaml'), 'NET020'), [
    'networks.a: name and external.name conflict; only use name',
  ]);
});

test('NET020 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET020'] });
});
