import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

test('NET013 warns about network_mode values the engine takes as a network name', () => {
  checkFixture(fixture('NET013-unusual.yaml'), { codes: ['NET013'] });
});

test('NET013 suggests networks when the value names a project network', () => {
  const [first] = messagesOf(fixture('NET013-unusual.yaml'), 'NET013');
  assert.match(first ?? '', /use networks: \[backend\]$/);
  assert.match(first ?? '', /engine name rules_backend\)/);
});

test('NET013 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET013'] });
});

test('NET013 accepts a network_mode that names a network of the connected host', () => {
  const network = (name: string) => ({
    id: name,
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
    networks: [network('some_external_net'), network('backend')],
    ports: [],
    routes: [],
  };
  const messages = messagesOf(fixture('NET013-unusual.yaml'), 'NET013', { host });
  // `backend` is also a project network, so the literal engine name is still suspicious.
  assert.equal(messages.length, 1);
  assert.match(messages[0] ?? '', /^network_mode "backend" names an engine network literally/);
});
