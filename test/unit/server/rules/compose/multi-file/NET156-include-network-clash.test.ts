import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const file = fixture('NET156-include', 'compose.yaml');

test('NET156 marks the local network an included file defines too', () => {
  checkFixture(file, { codes: ['NET156'] });
});

test('NET156 names the included file', () => {
  assert.deepEqual(messagesOf(file, 'NET156'), [
    'network "proxy" is also defined by the included shared.yaml; Compose merges the two definitions (the ' +
      'spec says it should not), so rename one or drop the local one',
  ]);
});

test('NET156 is quiet without include', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET156'] });
});
