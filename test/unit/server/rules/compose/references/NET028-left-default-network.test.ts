import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET028 marks what it should in NET028-left-default.yaml', () => {
  checkFixture(fixture('NET028-left-default.yaml'), { codes: ['NET028'] });
});

test('NET028 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET028-left-default.yaml'), 'NET028'), [
    'service "api" lists its networks and so is not on the default network, where "web" is alone; add default to its networks if they should talk',
  ]);
});

test('NET028 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET028'] });
});
