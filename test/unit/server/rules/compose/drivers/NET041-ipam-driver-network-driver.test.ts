import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET041 marks a network driver under ipam.driver', () => {
  checkFixture(fixture('NET041-ipam-driver-network-driver.yaml'), { codes: ['NET041'] });
});

test('NET041 quotes the plugin lookup failure', () => {
  assert.match(
    messagesOf(fixture('NET041-ipam-driver-network-driver.yaml'), 'NET041')[0] ?? '',
    /^could not find plugin bridge in v1 plugin registry: plugin not found/,
  );
});
