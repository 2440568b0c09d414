import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET042 marks drivers that are neither built in nor plugin references', () => {
  checkFixture(fixture('NET042-unknown-driver.yaml'), { codes: ['NET042'] });
});

test('NET042 suggests the nearest built-in driver', () => {
  const msgs = messagesOf(fixture('NET042-unknown-driver.yaml'), 'NET042');
  assert.match(
    msgs[0] ?? '',
    /^could not find plugin brigde in v1 plugin registry: plugin not found .*did you mean bridge\?/,
  );
  assert.match(msgs[1] ?? '', /did you mean null\?/);
});
