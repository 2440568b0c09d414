import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

const network = (id: string, name: string) => ({
  id,
  name,
  driver: 'bridge',
  scope: 'local',
  internal: false,
  subnets: [],
  containers: [],
  source: 'docker' as const,
  labels: {},
});
const host = {
  host: 'build-1',
  takenAt: '2026-01-01T00:00:00Z',
  networks: [
    network('aaaaaaaaaaaa1111', 'traefik'),
    network('bbbbbbbbbbbb2222', 'traefik'),
    network('cccccccccccc3333', 'shared'),
  ],
  ports: [],
  routes: [],
};

test('NET022 marks an external network whose name the host has twice', () => {
  checkFixture(fixture('NET022-ambiguous.yaml'), { codes: ['NET022'], host });
});

test('NET022 quotes docker compose and lists the IDs to choose from', () => {
  assert.deepEqual(messagesOf(fixture('NET022-ambiguous.yaml'), 'NET022', { host }), [
    'multiple networks with name "traefik" were found. Use network ID as `name` to avoid ambiguity (on ' +
      'build-1: aaaaaaaaaaaa, bbbbbbbbbbbb)',
  ]);
});

test('NET022 needs a host', () => {
  assert.deepEqual(messagesOf(fixture('NET022-ambiguous.yaml'), 'NET022'), []);
});
