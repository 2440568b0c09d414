import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET055 marks interface names longer than 15 bytes', () => {
  checkFixture(fixture('NET055-interface-name-length.yaml'), { codes: ['NET055'] });
});

test('NET055 says the limit', () => {
  assert.match(
    messagesOf(fixture('NET055-interface-name-length.yaml'), 'NET055')[0] ?? '',
    /is 19 bytes; Linux interface names hold at most 15/,
  );
});
