import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET024 marks what it should in NET024-same-engine-name.yaml', () => {
  checkFixture(fixture('NET024-same-engine-name.yaml'), { codes: ['NET024'] });
});

test('NET024 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET024-same-engine-name.yaml'), 'NET024'), [
    'networks "a" and "b" both resolve to the engine network shared; Compose creates it once and uses it for both, so one definition is ignored; give them different names',
    'networks "c" and "d" both resolve to the engine network shop_d; Compose creates it once and uses it for both, so one definition is ignored; give them different names',
  ]);
});

test('NET024 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET024'] });
});
