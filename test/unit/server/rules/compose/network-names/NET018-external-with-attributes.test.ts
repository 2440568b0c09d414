import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET018 marks what it should in NET018-external-attributes.yaml', () => {
  checkFixture(fixture('NET018-external-attributes.yaml'), { codes: ['NET018'] });
});

test('NET018 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET018-external-attributes.yaml'), 'NET018'), [
    'network "net" is external, so Compose ignores its driver: the existing network shared is used as it is; remove driver or drop external',
    'network "net" is external, so Compose ignores its ipam: the existing network shared is used as it is; remove ipam or drop external',
  ]);
});

test('NET018 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET018'] });
});
