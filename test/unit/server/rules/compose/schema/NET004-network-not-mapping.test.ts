import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET004 marks a network body that is neither a mapping nor empty', () => {
  checkFixture(fixture('NET004-not-mapping.yaml'), { codes: ['NET004'] });
});

test('NET004 quotes the schema', () => {
  const f = fixture('NET004-not-mapping.yaml');
  assert.equal(messagesOf(f, 'NET004')[0], `validating ${f}: networks.default must be a mapping or null`);
});

test('NET004 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET004'] });
});
