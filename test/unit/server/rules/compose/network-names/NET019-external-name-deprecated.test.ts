import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET019 marks what it should in NET019-external-name.yaml', () => {
  checkFixture(fixture('NET019-external-name.yaml'), { codes: ['NET019'] });
});

test('NET019 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET019-external-name.yaml'), 'NET019'), [
    'networks.proxy: external.name is deprecated. Please set name and external: true',
  ]);
});

test('NET019 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET019'] });
});
