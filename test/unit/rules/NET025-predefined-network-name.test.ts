import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET025 marks what it should in NET025-predefined.yaml', () => {
  checkFixture(fixture('NET025-predefined.yaml'), { codes: ['NET025'] });
});

test('NET025 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET025-predefined.yaml'), 'NET025'), [
    'operation is not permitted on predefined host network : network "a" is named like the engine\'s own host network; pick another name, or use network_mode: host on the services',
    'operation is not permitted on predefined default network : network "b" is named like the engine\'s own default network; pick another name',
    'operation is not permitted on predefined bridge network : network "c" is named like the engine\'s own bridge network; pick another name',
  ]);
});

test('NET025 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET025'] });
});
