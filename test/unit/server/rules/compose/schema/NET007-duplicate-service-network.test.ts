import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET007 marks the repeated network in a list', () => {
  checkFixture(fixture('NET007-duplicate.yaml'), { codes: ['NET007'] });
});

test('NET007 quotes jsonschema uniqueItems', () => {
  const f = fixture('NET007-duplicate.yaml');
  assert.deepEqual(messagesOf(f, 'NET007'), [
    `validating ${f}: services.web.networks items at 0 and 2 are equal`,
    `validating ${f}: services.api.networks items at 0 and 1 are equal`,
  ]);
});

test('NET007 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET007'] });
});
