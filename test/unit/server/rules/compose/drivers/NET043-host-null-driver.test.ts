import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET043 marks driver host and null on networks Compose would create', () => {
  checkFixture(fixture('NET043-host-null-driver.yaml'), { codes: ['NET043'] });
});

test('NET043 quotes libnetwork', () => {
  assert.match(
    messagesOf(fixture('NET043-host-null-driver.yaml'), 'NET043')[0] ?? '',
    /^only one instance of "host" network is allowed/,
  );
});
