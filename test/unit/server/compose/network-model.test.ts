// The networking model the extension gets over `switchyard/composeProject` (server/src/compose/network-model.ts),
// built from a project the loader read: names as Compose gives them, attachments, ports, and what the
// override file, `.env` and `extends` add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeModel } from '../../../support/compose-model';

/** The compose file this test and the client's compose test read (test/fixtures/compose-model/). */
const compose = readFileSync(
  join(__dirname, '..', '..', '..', 'fixtures', 'compose-model', 'compose.yaml'),
  'utf8',
);

test('compose model: project name from the folder, network names, services, ports, the networks key', () => {
  const p = composeModel(compose, 'My App');
  assert.equal(p.name, 'myapp');
  assert.deepEqual(
    p.networks.map((n) => [n.key, n.name, n.external]),
    [
      ['front', 'myapp_front', false],
      ['back', 'myapp_back', false],
      ['shared', 'corp-net', true],
      ['default', 'myapp_default', false],
    ],
  );
  const web = p.services.find((s) => s.name === 'web');
  assert.deepEqual(web?.ports, [
    { spec: '8080:80', mode: 'ingress' },
    { spec: '127.0.0.1:8443:443/tcp', mode: 'ingress' },
  ]);
  assert.equal(web?.replicas, 1);
  assert.deepEqual(web?.networks[0], { key: 'front', aliases: ['www'], ipv4: '10.40.0.10' });
  assert.deepEqual(p.networks.find((n) => n.key === 'back')?.labels, { tier: 'data' });
  assert.equal(p.services.find((s) => s.name === 'sidecar')?.networks.length, 0);
  assert.equal(compose.slice(p.networksKeyOffset, (p.networksKeyOffset ?? 0) + 9), 'networks:');
  assert.equal(composeModel('name: Other\nservices: {}\n', 'x').networksKeyOffset, undefined);
  assert.equal(composeModel('name: Other\nservices: {}\n', 'x').name, 'other');
});

test('network model: the override file, .env interpolation and extends are in it', () => {
  const p = composeModel(
    'services:\n  web:\n    extends: { file: base.yaml, service: base }\n    networks: [front]\nnetworks:\n  front:\n    ipam: { config: [{ subnet: "${SUBNET}" }] }\n',
    'shop',
    {
      'compose.override.yaml':
        'services:\n  db:\n    image: postgres\n    deploy: { mode: global, endpoint_mode: dnsrr }\n',
      'base.yaml': 'services:\n  base:\n    image: nginx\n    ports: ["8080:80"]\n',
      '.env': 'SUBNET=10.50.0.0/24\n',
    },
  );
  assert.equal(p.name, 'shop');
  assert.deepEqual(p.networks[0]?.ipam, [{ subnet: '10.50.0.0/24', auxAddresses: {} }]);
  assert.deepEqual(
    p.services.map((s) => [s.name, s.ports.map((x) => x.spec), s.networks.map((n) => n.key), s.replicas]),
    [
      ['web', ['8080:80'], ['front'], 1],
      ['db', [], ['default'], 1],
    ],
  );
  assert.equal(p.services[1]?.endpointMode, 'dnsrr');
  assert.deepEqual(
    p.networks.map((n) => n.name),
    ['shop_front', 'shop_default'],
  );
});
