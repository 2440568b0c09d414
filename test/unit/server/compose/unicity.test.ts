// compose-go's EnforceUnicity on service lists (server/src/compose/unicity.ts): by which key each list is
// de-duplicated, that a later duplicate takes the earlier one's place, and what is left alone (written from
// mutation testing: only `ports` was checked before).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, get, isMap, isScalar, isSeq, str } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { parseYaml } from '../../../../server/src/yaml/parse';
import { enforceUnicity } from '../../../../server/src/compose/unicity';
import { load, must } from './memfs';
import { treeJson } from '../yaml/tree-json';

const F = '/p/compose.yaml';
const O = '/p/compose.override.yaml';

/** Each item of a list as its text (`key=value` for a scalar, `k=v,…` for a mapping) and the line it is on. */
function items(node: PNode | null | undefined): string[] {
  assert.ok(isSeq(node), 'a list');
  return node.items.map((i) => {
    const text = isScalar(i)
      ? (str(i) ?? '')
      : isMap(i)
        ? i.entries.map((e) => `${e.key}=${str(e.value) ?? ''}`).join(',')
        : '?';
    return `${text}@${i.span.file === O ? 'O' : 'F'}`;
  });
}

const body = (text: string, override?: string) =>
  must(
    load(override === undefined ? { [F]: text } : { [F]: text, [O]: override }, override ? [F, O] : [F])
      .services[0],
  ).node;

test('key=value lists are de-duplicated by the text before `=`; the later item takes the earlier place', () => {
  const web = body(
    [
      'services:',
      '  web:',
      '    environment: [A=1, B=2, A=3, C]',
      '    labels: [x=1, y, x=2, y]',
      '    dns: [1.1.1.1, 8.8.8.8, 1.1.1.1]',
      '    dns_opt: [ndots:1, ndots:1]',
      '    dns_search: [a.example, a.example]',
      '    links: [db, db]',
      '    profiles: [dev, ci, dev]',
      '    cap_add: [NET_ADMIN, NET_ADMIN]',
      '    cap_drop: [ALL, ALL]',
      '    sysctls: [net.core.somaxconn=1024, net.core.somaxconn=2048]',
      '    tmpfs: [/run=size=1m, /run=size=2m]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(items(get(web, 'environment')), ['A=3@F', 'B=2@F', 'C@F']);
  assert.deepEqual(items(get(web, 'labels')), ['x=2@F', 'y@F']);
  assert.deepEqual(items(get(web, 'dns')), ['1.1.1.1@F', '8.8.8.8@F']);
  for (const key of ['dns_opt', 'dns_search', 'links', 'cap_add', 'cap_drop']) {
    assert.equal(items(get(web, key)).length, 1, key);
  }
  assert.deepEqual(items(get(web, 'profiles')), ['dev@F', 'ci@F']);
  assert.deepEqual(items(get(web, 'sysctls')), ['net.core.somaxconn=2048@F']);
  assert.deepEqual(items(get(web, 'tmpfs')), ['/run=size=2m@F']);
});

test('expose and extra_hosts compare whole items: the same name with another address stays', () => {
  const web = body(
    [
      'services:',
      '  web:',
      '    expose: ["80", "81", "80"]',
      '    extra_hosts: ["db=10.0.0.1", "db=10.0.0.2", "db=10.0.0.1"]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(items(get(web, 'expose')), ['80@F', '81@F']);
  assert.deepEqual(items(get(web, 'extra_hosts')), ['db=10.0.0.1@F', 'db=10.0.0.2@F']);
});

test('ports: a short item by its text, a long one by address, published port, target and protocol', () => {
  const web = body(
    [
      'services:',
      '  web:',
      '    ports:',
      '      - "8080:80"',
      '      - {target: 80, published: "8080"}',
      '      - {target: 80, published: "8080", host_ip: 0.0.0.0, protocol: tcp, mode: host}',
      '      - {target: 80, published: "8080", protocol: udp}',
      '      - {target: 80, host_ip: 127.0.0.1}',
      '      - {target: 80, host_ip: 127.0.0.1, published: ""}',
      '      - {published: "9090"}',
      '      - {published: "9090"}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(items(get(web, 'ports')), [
    '8080:80@F',
    'target=80,published=8080,host_ip=0.0.0.0,protocol=tcp,mode=host@F',
    'target=80,published=8080,protocol=udp@F',
    'target=80,host_ip=127.0.0.1,published=@F',
    // Without a target a long item has no key (compose-go refuses the file): both stay.
    'published=9090@F',
    'published=9090@F',
  ]);
});

test('network aliases and link-local addresses are de-duplicated per network; other keys are left alone', () => {
  const web = body(
    [
      'services:',
      '  web:',
      '    networks:',
      '      front:',
      '        aliases: [www, api, www]',
      '        link_local_ips: [169.254.1.1, 169.254.1.1]',
      '        driver_opts: [a, a]',
      '      back:',
      '        aliases: [db, cache]',
      '      plain:',
      '    command: [echo, echo]',
      '    dns: 1.1.1.1',
      'networks: {front: {}, back: {}, plain: {}}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(items(at(web, 'networks', 'front', 'aliases')), ['www@F', 'api@F']);
  assert.deepEqual(items(at(web, 'networks', 'front', 'link_local_ips')), ['169.254.1.1@F']);
  assert.deepEqual(items(at(web, 'networks', 'front', 'driver_opts')), ['a@F', 'a@F']);
  assert.deepEqual(items(at(web, 'networks', 'back', 'aliases')), ['db@F', 'cache@F']);
  assert.deepEqual(items(get(web, 'command')), ['echo@F', 'echo@F']);
  assert.equal(str(get(web, 'dns')), '1.1.1.1');
});

test('across files the override item replaces the base one in place', () => {
  const web = body(
    'services:\n  web:\n    environment: [A=1, B=2]\n    labels: [l=1]\n',
    'services:\n  web:\n    environment: [A=9, C=3]\n',
  );
  assert.deepEqual(items(get(web, 'environment')), ['A=9@O', 'B=2@F', 'C=3@O']);
});

test('a long list (past the pairwise check) is de-duplicated the same way', () => {
  const env = Array.from({ length: 20 }, (_, i) => `V${i % 12}=${i}`);
  const web = body(`services:\n  web:\n    environment: [${env.join(', ')}]\n`);
  assert.deepEqual(
    items(get(web, 'environment')),
    Array.from({ length: 12 }, (_, i) => `V${i}=${i < 8 ? i + 12 : i}@F`),
  );
  const distinct = Array.from({ length: 20 }, (_, i) => `V${i}=${i}`);
  const same = body(`services:\n  web:\n    environment: [${distinct.join(', ')}]\n`);
  assert.equal(items(get(same, 'environment')).length, 20);
});

test('long ports differing only in address or published port stay; `=value` items share the empty key', () => {
  const web = body(
    [
      'services:',
      '  web:',
      '    ports:',
      '      - {target: 80, published: "8080"}',
      '      - {target: 80, published: "8080", host_ip: 127.0.0.1}',
      '      - {target: 80, published: "8081"}',
      '      - {target: 80, published: "8080", protocol: udp}',
      '    environment: ["=a", "=b"]',
      '    x-meta: {n: {aliases: [a, a]}}',
      '',
    ].join('\n'),
  );
  assert.equal(items(get(web, 'ports')).length, 4);
  assert.deepEqual(items(get(web, 'environment')), ['=b@F']);
  // Only `networks` holds endpoints: an extension key with the same shape is left alone.
  assert.deepEqual(items(at(web, 'x-meta', 'n', 'aliases')), ['a@F', 'a@F']);
});

test('de-duplication builds new lists and bodies: the parsed body it reads is left as written', () => {
  const text = [
    'web:',
    '  environment: [A=1, A=2]',
    '  networks:',
    '    front:',
    '      aliases: [x, x]',
    '    back:',
    '      aliases: [y, y]',
    '',
  ].join('\n');
  const parsed = get(parseYaml(text, F).root, 'web');
  assert.ok(isMap(parsed));
  const before = treeJson(parsed);
  const web = enforceUnicity(parsed);
  assert.deepEqual(items(get(web, 'environment')), ['A=2@F']);
  assert.deepEqual(items(at(web, 'networks', 'front', 'aliases')), ['x@F']);
  assert.deepEqual(items(at(web, 'networks', 'back', 'aliases')), ['y@F']);
  assert.equal(treeJson(parsed), before);
});

test('a long list with an item that has no key still finds its duplicates', () => {
  const env = ['{X: 1}', 'A=1', 'A=2', ...Array.from({ length: 14 }, (_, i) => `V${i}=${i}`)];
  const web = body(`services:\n  web:\n    environment: [${env.join(', ')}]\n`);
  const list = get(web, 'environment');
  assert.ok(isSeq(list));
  assert.equal(list.items.length, 16);
  assert.deepEqual(items(list).slice(0, 3), ['X=1@F', 'A=2@F', 'V0=0@F']);
});
