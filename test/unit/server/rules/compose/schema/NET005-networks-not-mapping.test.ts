import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET005 marks a top-level networks list', () => {
  checkFixture(fixture('NET005-not-mapping.yaml'), { codes: ['NET005'] });
  assert.match(
    messagesOf(fixture('NET005-not-mapping.yaml'), 'NET005')[0] ?? '',
    /: networks must be a mapping;/,
  );
});

test('NET005 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET005'] });
});
