import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET069 marks a primary-network MAC that differs from the service MAC', () => {
  checkFixture(fixture('NET069-mac-differs-from-primary.yaml'), { codes: ['NET069'] });
});

test('NET069 quotes Compose with the primary network chosen by priority', () => {
  assert.match(
    messagesOf(fixture('NET069-mac-differs-from-primary.yaml'), 'NET069')[0] ?? '',
    /^the service-level mac_address should have the same value as network front /,
  );
});
