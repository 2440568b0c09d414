import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET009 marks keys YAML reads as numbers or booleans', () => {
  checkFixture(fixture('NET009-non-string-key.yaml'), { codes: ['NET009'] });
});

test('NET009 quotes compose-go with the path of the map', () => {
  assert.deepEqual(messagesOf(fixture('NET009-non-string-key.yaml'), 'NET009'), [
    'non-string key in networks.default.ipam.config[0]: 123; quote it ("123") if it is meant as a name',
    'non-string key in networks.front.labels: true; quote it ("true") if it is meant as a name',
  ]);
});

test('NET009 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET009'] });
});
