import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET016 marks one edge of each dependency cycle', () => {
  checkFixture(fixture('NET016-cycle.yaml'), { codes: ['NET016'] });
});

test('NET016 names the cycle as compose-go does', () => {
  assert.deepEqual(messagesOf(fixture('NET016-cycle.yaml'), 'NET016'), [
    'dependency cycle detected: a -> b -> a; remove one of these dependencies',
    'dependency cycle detected: c -> c; remove one of these dependencies',
  ]);
});

test('NET016 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET016'] });
});
