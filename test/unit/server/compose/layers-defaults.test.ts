// What an include contributes to the merged project (layers.ts) and when a service needs the implicit
// `default` network (build-models.ts). Written from the mutation run of these files (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { load } from './memfs';

const F = '/p/compose.yaml';
const keys = (n: PNode | null | undefined) => (isMap(n) ? n.entries.map((e) => e.key) : []);

test('include: the included project brings its services, networks, volumes, secrets and configs, nothing else', () => {
  const p = load(
    {
      [F]: 'include: [lib/compose.yaml]\nservices:\n  web:\n    image: web\n',
      '/p/lib/compose.yaml': `
        name: lib
        x-lib: { a: b }
        services:
          db: { image: db }
        networks:
          back: {}
        volumes:
          data: {}
        secrets:
          key: { file: ./key }
        configs:
          conf: { file: ./conf }
      `,
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  assert.deepEqual(keys(p.root), ['services', 'networks', 'volumes', 'secrets', 'configs']);
  assert.deepEqual(
    p.services.map((s) => s.name),
    ['db', 'web'],
  );
});

test('the implicit default network: added when an enabled service is on it, by any way of writing that', () => {
  const defaultNet = (body: string) =>
    load({ [F]: `services:\n  web:\n    image: a\n${body}networks:\n  front: {}\n` }, [F]).networks.map(
      (n) => n.key,
    );
  const on = ['front', 'default'];
  const off = ['front'];
  assert.deepEqual(defaultNet(''), on, 'no networks key');
  assert.deepEqual(defaultNet('    networks: []\n'), on, 'an empty list');
  assert.deepEqual(defaultNet('    networks: {}\n'), on, 'an empty mapping');
  assert.deepEqual(defaultNet('    networks: [front, default]\n'), on, 'default listed');
  assert.deepEqual(defaultNet('    networks: { front: {}, default: {} }\n'), on, 'default as a key');
  assert.deepEqual(defaultNet('    networks: [front]\n'), off, 'only front listed');
  assert.deepEqual(defaultNet('    networks: [front, defaults]\n'), off, 'a name like default');
  assert.deepEqual(defaultNet('    networks: { front: {} }\n'), off, 'only front as a key');
  assert.deepEqual(defaultNet('    networks: front\n'), off, 'networks that is neither a list nor a map');
  assert.deepEqual(defaultNet('    network_mode: host\n'), off, 'network_mode');
});
