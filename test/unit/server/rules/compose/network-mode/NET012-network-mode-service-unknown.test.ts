import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

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

test('NET012 warns, with a connected host, about container: names no running container has', () => {
  const host = {
    host: 'build-1',
    takenAt: '2026-01-01T00:00:00Z',
    networks: [
      {
        id: 'n1',
        name: 'bridge',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        subnets: [],
        containers: ['vpn'],
        source: 'docker' as const,
        labels: {},
      },
    ],
    ports: [],
    routes: [],
  };
  checkFixture(fixture('NET012-container.yaml'), { codes: ['NET012'], host });
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET012'], host });
  assert.deepEqual(messagesOf(fixture('NET012-container.yaml'), 'NET012'), []);
});
