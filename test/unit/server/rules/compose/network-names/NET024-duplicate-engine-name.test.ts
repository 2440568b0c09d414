import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';

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

const network = (name: string, labels: Record<string, string>) => ({
  id: name,
  name,
  driver: 'bridge',
  scope: 'local',
  internal: false,
  subnets: [],
  containers: [],
  source: 'docker' as const,
  labels,
});
const host = {
  host: 'build-1',
  takenAt: '2026-01-01T00:00:00Z',
  networks: [
    network('legacy_front', {}),
    network('shop_back', { 'com.docker.compose.project': 'other', 'com.docker.compose.network': 'back' }),
    network('shop_mine', { 'com.docker.compose.project': 'shop', 'com.docker.compose.network': 'mine' }),
    network('bridge', {}),
  ],
  ports: [],
  routes: [],
};

test('NET024 warns when the host already has the network under another owner', () => {
  checkFixture(fixture('NET024-host.yaml'), { codes: ['NET024'], host });
  assert.deepEqual(messagesOf(fixture('NET024-host.yaml'), 'NET024', { host }), [
    'a network with name legacy_front exists but was not created by compose. Set `external: true` to use an ' +
      'existing network (on build-1)',
    'a network with name shop_back exists but was not created for project "shop". Set `external: true` to use ' +
      'an existing network (on build-1)',
  ]);
});
