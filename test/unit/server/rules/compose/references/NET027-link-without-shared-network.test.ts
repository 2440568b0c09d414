import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET027 marks what it should in NET027-links.yaml', () => {
  checkFixture(fixture('NET027-links.yaml'), { codes: ['NET027'] });
});

test('NET027 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET027-links.yaml'), 'NET027'), [
    'link to "b" will not resolve: "a" is on x and "b" on y, which share no network; attach both to a common network',
  ]);
});

test('NET027 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET027'] });
});
