import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from './harness';

test('NET012 marks network_mode service: to an undefined or disabled service', () => {
  checkFixture(fixture('NET012-service-unknown.yaml'), { codes: ['NET012'], profiles: [] });
});

test('NET012 is quiet when every profile is active (the editor default)', () => {
  const all = messagesOf(fixture('NET012-service-unknown.yaml'), 'NET012');
  assert.deepEqual(all, [
    `service "vpn" not found for network_mode 'service:vpn'; define the service or use container:<name> for a container outside the project`,
    `service "" not found for network_mode 'service:'; define the service or use container:<name> for a container outside the project`,
  ]);
});

test('NET012 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET012'] });
});
