import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET008 refuses non-boolean strings and warns about YAML 1.1 booleans', () => {
  checkFixture(fixture('NET008-boolean.yaml'), { codes: ['NET008'] });
});

test('NET008 quotes compose-go toBoolean', () => {
  assert.deepEqual(messagesOf(fixture('NET008-boolean.yaml'), 'NET008'), [
    'error while interpolating networks.a.internal: failed to cast to expected type: invalid boolean: maybe',
    '"yes" for boolean is not supported by YAML 1.2, please use `true`',
    '"off" for boolean is not supported by YAML 1.2, please use `false`',
  ]);
});

test('NET008 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET008'] });
});
