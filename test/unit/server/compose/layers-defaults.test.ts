// What an include contributes to the merged project (layers.ts) and when a service needs the implicit
// `default` network (build-models.ts). Written from the mutation run of these files (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { get, isMap, str } from '../../../../server/src/yaml/tree';
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

test('include: a single path, an empty path skipped, a missing env_file is a LOAD error at the entry', () => {
  const lib = 'services:\n  db:\n    image: db\n';
  const single = load({ [F]: 'include: lib.yaml\n', '/p/lib.yaml': lib }, [F]);
  assert.deepEqual(single.findings, []);
  assert.deepEqual(
    single.services.map((s) => s.name),
    ['db'],
  );
  const empty = load({ [F]: 'include: ["", lib.yaml]\n', '/p/lib.yaml': lib }, [F]);
  assert.deepEqual(empty.findings, []);
  assert.deepEqual(
    empty.services.map((s) => s.name),
    ['db'],
  );
  const text = 'include:\n  - path: lib.yaml\n    env_file: missing.env\n';
  const missing = load({ [F]: text, '/p/lib.yaml': lib }, [F]);
  assert.deepEqual(
    missing.findings.map((f) => [f.code, f.severity, f.message, text.slice(f.at.start, f.at.end)]),
    [['LOAD', 'error', 'env file /p/missing.env not found', 'missing.env']],
  );
});

test('the project name keeps only lower-case letters, digits, _ and -, and drops every leading _ or -', () => {
  const p = load({ [F]: 'name: "__-My App_1"\nservices: {}\n' }, [F]);
  assert.equal(p.name, 'myapp_1');
});

test('include: an env_file past the expansion limit is one LIMIT warning at the env_file entry, naming the line', () => {
  let env = 'V0=0123456789abcdef\n';
  for (let i = 1; i < 20; i++) env += `V${i}=\${V${i - 1}}\${V${i - 1}}\n`;
  const text = 'include:\n  - path: lib.yaml\n    env_file: big.env\n';
  const p = load({ [F]: text, '/p/lib.yaml': 'services:\n  db:\n    image: db\n', '/p/big.env': env }, [F]);
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.severity, f.message, text.slice(f.at.start, f.at.end)]),
    [
      [
        'LIMIT',
        'warning',
        '/p/big.env:14: V13: "${V12}${V12}" expands to more than 65,536 bytes; the value is read as empty (shorten the variables it uses)',
        'big.env',
      ],
    ],
  );
});

test('a .env value may use the process environment; a project name with nothing left is "default"', () => {
  const p = load(
    { [F]: 'name: "___"\nservices:\n  web:\n    image: "${IMAGE}"\n', '/p/.env': 'IMAGE=${REGISTRY}/web\n' },
    [F],
    { env: { REGISTRY: 'registry.local' } },
  );
  assert.deepEqual(p.findings, []);
  assert.equal(p.name, 'default');
  assert.equal(str(get(p.services[0]?.node, 'image')), 'registry.local/web');
});
