import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const f = fixture('NET135-hostname.yaml');

test('NET136 marks what it should in the hostname fixture', () => {
  checkFixture(f, { codes: ['NET136'] });
});

test('NET136 says it in these words', () => {
  assert.deepEqual(messagesOf(f, 'NET136'), [
    'all 3 replicas of "c" get the host name "shared"; remove hostname if each replica should keep its own',
  ]);
});

test('NET136 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET136'] });
});
