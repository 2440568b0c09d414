import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET073 marks one interface name asked twice by one service', () => {
  checkFixture(fixture('NET073-duplicate-interface-name.yaml'), { codes: ['NET073'] });
});

test('NET073 names both networks', () => {
  assert.match(
    messagesOf(fixture('NET073-duplicate-interface-name.yaml'), 'NET073')[0] ?? '',
    /on networks "front" and "back"/,
  );
});
