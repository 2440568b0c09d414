// compose-go's merge rules by path, on trees merged directly (mergeRoots, extendService): which merged
// bodies are kept by the pair merged, inputs left as they were, extension keys replaced whole. Written from
// the mutation run of merge.ts (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extendService, mergeRoots } from '../../../../server/src/compose/merge';
import { parseYaml } from '../../../../server/src/yaml/parse';
import { at, get, isMap, isSeq, str } from '../../../../server/src/yaml/tree';
import type { PMap, PNode } from '../../../../server/src/yaml/tree';
import { dedent, nestedAliases } from './memfs';

function tree(text: string, file = '/p/compose.yaml'): PMap {
  const root = parseYaml(dedent(text), file).root;
  assert.ok(isMap(root), 'a mapping');
  return root;
}

const items = (n: PNode | null | undefined) => (isSeq(n) ? n.items.map((i) => str(i)) : []);
const keys = (n: PNode | null | undefined) => (isMap(n) ? n.entries.map((e) => e.key) : []);

test('a merged service, network, volume, config or secret is the same object while both inputs are', () => {
  const base = tree(`
    services: { web: { image: a, dns: [1.1.1.1] } }
    networks: { front: { driver: bridge } }
    volumes: { data: { driver: local } }
    configs: { conf: { file: ./a } }
    secrets: { key: { file: ./k } }
  `);
  const over = tree(
    `
    services: { web: { image: b } }
    networks: { front: { internal: true } }
    volumes: { data: { labels: [a=b] } }
    configs: { conf: { name: c } }
    secrets: { key: { name: k } }
  `,
    '/p/compose.override.yaml',
  );
  const first = mergeRoots(base, over);
  const second = mergeRoots(base, over);
  for (const [section, name] of [
    ['services', 'web'],
    ['networks', 'front'],
    ['volumes', 'data'],
    ['configs', 'conf'],
    ['secrets', 'key'],
  ] as const) {
    const a = at(first, section, name);
    assert.ok(isMap(a), `${section}.${name} merged`);
    assert.equal(keys(a).length, 2, `${section}.${name} has both files' fields`);
    assert.equal(at(second, section, name), a, `${section}.${name} is kept by the pair`);
  }
  // A different override gets its own merged body.
  const other = tree('services: { web: { image: c } }', '/p/other.yaml');
  assert.notEqual(at(mergeRoots(base, other), 'services', 'web'), at(first, 'services', 'web'));
});

test('merging leaves both inputs as they were', () => {
  const base = tree('services: { web: { image: a } }\nnetworks: { front: {} }\n');
  const over = tree('services: { api: { image: b } }\nvolumes: { data: {} }\n', '/p/o.yaml');
  const baseEntries = base.entries.slice();
  const merged = mergeRoots(base, over);
  assert.deepEqual(keys(merged), ['services', 'networks', 'volumes']);
  assert.deepEqual(base.entries, baseEntries);
  assert.deepEqual(keys(base), ['services', 'networks']);
  assert.deepEqual(keys(get(base, 'services')), ['web']);
});

test('an extending service follows the per-path rules: command replaced, dns appended, networks merged', () => {
  const base = tree(`
    command: [run, --base]
    dns: 1.1.1.1
    networks: [front]
    environment: { A: "1" }
  `);
  const service = tree(`
    command: [run, --mine]
    dns: [8.8.8.8]
    networks: { back: {} }
    environment: [B=2]
  `);
  const web = extendService(base, service);
  assert.deepEqual(items(get(web, 'command')), ['run', '--mine']);
  assert.deepEqual(items(get(web, 'dns')), ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(keys(get(web, 'networks')), ['front', 'back']);
  assert.deepEqual(items(get(web, 'environment')), ['A=1', 'B=2']);
});

test('an x- extension key is replaced whole; a key that merely ends in x- merges', () => {
  const base = tree('x-common: { a: 1, b: 2 }\nlabelx-: { a: 1 }\n');
  const over = tree('x-common: { c: 3 }\nlabelx-: { c: 3 }\n', '/p/o.yaml');
  const merged = mergeRoots(base, over);
  assert.deepEqual(keys(get(merged, 'x-common')), ['c']);
  assert.deepEqual(keys(get(merged, 'labelx-')), ['a', 'c']);
});

test('a mapping merged into a list form becomes key=value items; a key without a text value stays a bare key', () => {
  const base = tree('environment: { A: "1", EMPTY: ~, NESTED: [x] }\n');
  const over = tree('environment: [B=2]\n', '/p/o.yaml');
  const env = get(extendService(base, over), 'environment');
  assert.deepEqual(items(env), ['A=1', 'EMPTY', 'NESTED', 'B=2']);
  assert.ok(isSeq(env));
  assert.deepEqual(
    env.items.map((i) => (i.kind === 'scalar' ? i.quoted : 'not a scalar')),
    [false, false, false, false],
  );
});

test('logging: the same driver (or none named) merges options; a different driver replaces the section', () => {
  const base = tree('logging: { driver: json-file, options: { max-size: 1m } }\n');
  const logging = (over: string) => {
    const merged = get(extendService(base, tree(over, '/p/o.yaml')), 'logging');
    return [str(get(merged, 'driver')), keys(get(merged, 'options'))];
  };
  assert.deepEqual(logging('logging: { driver: json-file, options: { max-file: "3" } }\n'), [
    'json-file',
    ['max-size', 'max-file'],
  ]);
  assert.deepEqual(logging('logging: { options: { max-file: "3" } }\n'), [
    'json-file',
    ['max-size', 'max-file'],
  ]);
  assert.deepEqual(logging('logging: { driver: syslog, options: { tag: x } }\n'), ['syslog', ['tag']]);
  const noDriver = tree('logging: { options: { max-size: 1m } }\n');
  const merged = get(
    extendService(noDriver, tree('logging: { driver: syslog, options: { tag: x } }\n')),
    'logging',
  );
  assert.deepEqual(
    [str(get(merged, 'driver')), keys(get(merged, 'options'))],
    ['syslog', ['max-size', 'tag']],
  );
  const scalar = get(
    extendService(tree('logging: none\n'), tree('logging: { driver: syslog }\n')),
    'logging',
  );
  assert.deepEqual(keys(scalar), ['driver']);
});

test('ipam.config: entries without a subnet are appended, never merged; the base list is left as it was', () => {
  const base = tree(`
    networks:
      n:
        ipam:
          config: [{ subnet: 10.0.0.0/24 }, { subnet: 10.1.0.0/24 }, { gateway: 10.9.0.1 }]
  `);
  const baseConfig = at(base, 'networks', 'n', 'ipam', 'config');
  assert.ok(isSeq(baseConfig));
  const before = baseConfig.items.slice();
  const over = tree(
    `
    networks:
      n:
        ipam:
          config: [{ gateway: 10.8.0.1 }, { subnet: 10.1.0.0/24, gateway: 10.1.0.1 }, junk]
  `,
    '/p/o.yaml',
  );
  const config = at(mergeRoots(base, over), 'networks', 'n', 'ipam', 'config');
  assert.ok(isSeq(config));
  assert.deepEqual(
    config.items.map((i) => (isMap(i) ? keys(i) : str(i))),
    [['subnet'], ['subnet', 'gateway'], ['gateway'], ['gateway'], 'junk'],
  );
  assert.deepEqual(baseConfig.items, before);
});

test('!reset inside a subtree adopted whole (no base value) is stripped, in maps and in every list item', () => {
  const base = tree('services: { web: { image: a } }\n');
  const over = tree(
    `
    services:
      api:
        environment: { A: !reset "", B: "1" }
        ports: [{ target: 80, published: !reset "" }, { target: 81, host_ip: !reset "" }]
  `,
    '/p/o.yaml',
  );
  const api = at(mergeRoots(base, over), 'services', 'api');
  assert.deepEqual(keys(get(api, 'environment')), ['B']);
  const ports = get(api, 'ports');
  assert.ok(isSeq(ports));
  assert.deepEqual(
    ports.items.map((i) => keys(i)),
    [['target'], ['target']],
  );
});

test(
  'stripping !reset walks a subtree shared by aliases once per share, not once per path',
  {
    timeout: 60_000,
  },
  () => {
    const lines = nestedAliases(40, '{ k: !reset "", v: "1" }');
    lines.push('services: { web: { image: a } }');
    const over = tree(lines.join('\n'), '/p/o.yaml');
    const merged = mergeRoots(tree('services: { web: { image: b } }\n'), over);
    let n: PNode | null | undefined = get(merged, 'x-40');
    while (isSeq(n)) n = n.items[0];
    assert.deepEqual(keys(n), ['v']);
  },
);
