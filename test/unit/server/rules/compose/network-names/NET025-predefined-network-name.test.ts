import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET025 marks what it should in NET025-predefined.yaml', () => {
  checkFixture(fixture('NET025-predefined.yaml'), { codes: ['NET025'] });
});

test('NET025 says it in these words', () => {
  assert.deepEqual(messagesOf(fixture('NET025-predefined.yaml'), 'NET025'), [
    'network "a" is named host, the engine\'s predefined host network: Compose reuses it and attaching a ' +
      'service to it fails; use network_mode: host on the services instead; pick another name',
    'network "b" is named default, operation is not permitted on predefined default network (the engine ' +
      'reserves the name); pick another name',
    'network "c" is named bridge, the engine\'s default bridge network: Compose reuses it as it is, without ' +
      "this definition's settings and without DNS between services; pick another name",
  ]);
});

test('NET025 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET025'] });
});
