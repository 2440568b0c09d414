import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET070 marks a MAC shared by two services on one network', () => {
  checkFixture(fixture('NET070-duplicate-mac.yaml'), { codes: ['NET070'] });
});

test('NET070 names the other service', () => {
  assert.match(
    messagesOf(fixture('NET070-duplicate-mac.yaml'), 'NET070')[0] ?? '',
    /also used by service "a" on network "front"/,
  );
});
