import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, get, isSeq, str } from '../../../../server/src/yaml/tree';
import type { PNode } from '../../../../server/src/yaml/tree';
import { load, textAt, must } from './memfs';

const F = '/p/compose.yaml';
const items = (n: PNode | null | undefined) => (isSeq(n) ? n.items.map((i) => str(i)) : []);

test('include: string, list and long forms; each included project uses its own .env', () => {
  const p = load(
    {
      [F]: `
        include:
          - db/compose.yaml
          - path: [cache/compose.yaml, cache/extra.yaml]
            env_file: cache/vars.env
        services:
          web:
            networks: [dbnet, cachenet]
      `,
      '/p/db/compose.yaml': 'services:\n  db:\n    ports: ["${DB_PORT}:5432"]\nnetworks:\n  dbnet: {}\n',
      '/p/db/.env': 'DB_PORT=5433\n',
      '/p/cache/compose.yaml': 'services:\n  cache:\n    image: "redis:${TAG}"\nnetworks:\n  cachenet: {}\n',
      '/p/cache/extra.yaml': 'services:\n  cache:\n    hostname: cachehost\n',
      '/p/cache/vars.env': 'TAG=7\n',
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  assert.deepEqual(
    p.services.map((s) => s.name),
    ['db', 'cache', 'web'],
  );
  const [db, cache] = p.services;
  assert.deepEqual(items(get(must(db).node, 'ports')), ['5433:5432']);
  assert.equal(str(get(must(cache).node, 'image')), 'redis:7');
  assert.equal(str(get(must(cache).node, 'hostname')), 'cachehost');
  assert.equal(get(must(db).node, 'ports')?.span.file, '/p/db/compose.yaml');
  assert.deepEqual(
    p.networks.map((n) => [n.key, n.engineName, n.keySpans[0]?.file]),
    [
      ['dbnet', 'p_dbnet', '/p/db/compose.yaml'],
      ['cachenet', 'p_cachenet', '/p/cache/compose.yaml'],
      ['default', 'p_default', undefined],
    ],
  );
  assert.deepEqual(p.origins?.get('/p/db/compose.yaml')?.kind, 'include');
  assert.ok(p.files.includes('/p/cache/extra.yaml'));
});

test('include: a clash merges, the including file wins, and keySpans list both', () => {
  const p = load(
    {
      [F]: 'include: [lib.yaml]\nnetworks:\n  shared:\n    driver: overlay\n',
      '/p/lib.yaml': 'networks:\n  shared:\n    driver: bridge\n    internal: true\n',
    },
    [F],
  );
  const n = must(p.networks[0]);
  assert.equal(str(get(n.node, 'driver')), 'overlay');
  assert.equal(get(n.node, 'internal')?.span.file, '/p/lib.yaml');
  assert.deepEqual(
    n.keySpans.map((s) => s.file),
    ['/p/lib.yaml', F],
  );
});

test('include: a missing file is a finding at the include entry; a cycle uses compose-go’s text', () => {
  const p = load(
    {
      [F]: 'include:\n  - missing.yaml\n  - a.yaml\nservices:\n  web: {image: x}\n',
      '/p/a.yaml': 'include: [b.yaml]\nservices:\n  a: {image: x}\n',
      '/p/b.yaml': 'include: [a.yaml]\nservices:\n  b: {image: x}\n',
    },
    [F],
  );
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.message, f.at.file, textAt(p, f.at).text]),
    [
      ['LOAD', 'open /p/missing.yaml: no such file or directory', F, 'missing.yaml'],
      [
        'LOAD',
        'include cycle detected:\n/p/compose.yaml\n include /p/a.yaml\n include /p/b.yaml\n include /p/a.yaml',
        '/p/b.yaml',
        'a.yaml',
      ],
    ],
  );
  assert.deepEqual(
    p.services.map((s) => s.name),
    ['b', 'a', 'web'],
  );
});

test('extends in the same file: mappings merge, sequences append, scalars from the extending service', () => {
  const p = load(
    {
      [F]: `
        services:
          base:
            image: nginx
            hostname: base
            ports: ["80:80"]
            networks: { front: { aliases: [b] } }
          web:
            extends: base
            hostname: web
            ports: ["81:80"]
            networks: { front: { aliases: [w] } }
        networks: { front: {} }
      `,
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  const web = must(p.services.find((s) => s.name === 'web')).node;
  assert.equal(str(get(web, 'image')), 'nginx');
  assert.equal(str(get(web, 'hostname')), 'web');
  assert.equal(get(web, 'extends'), undefined);
  assert.deepEqual(items(get(web, 'ports')), ['80:80', '81:80']);
  assert.deepEqual(items(at(web, 'networks', 'front', 'aliases')), ['b', 'w']);
  assert.deepEqual(textAt(p, must(get(web, 'image')).span).line, 2);
});

test('extends from another file keeps that file’s spans, and resolves its own extends first', () => {
  const p = load(
    {
      [F]: 'services:\n  web:\n    extends:\n      file: common/base.yaml\n      service: app\n    image: mine\n',
      '/p/common/base.yaml':
        'services:\n  root:\n    dns: [1.1.1.1]\n  app:\n    extends: root\n    ports: ["8080:80"]\n',
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  const web = must(p.services[0]).node;
  assert.equal(str(get(web, 'image')), 'mine');
  assert.deepEqual(items(get(web, 'dns')), ['1.1.1.1']);
  const ports = must(get(web, 'ports'));
  assert.deepEqual(textAt(p, must((ports as { items: PNode[] }).items[0]).span), {
    file: '/p/common/base.yaml',
    text: '"8080:80"',
    line: 5,
  });
  assert.deepEqual(p.origins?.get('/p/common/base.yaml')?.kind, 'extends');
  assert.equal(p.services.length, 1);
});

test('extends: unknown service and circular references', () => {
  const p = load(
    {
      [F]: `
        services:
          web:
            extends: nope
          a:
            extends: { service: b }
          b:
            extends: a
          c:
            extends: { file: gone.yaml, service: x }
      `,
    },
    [F],
  );
  assert.deepEqual(
    p.findings.map((f) => [f.code, f.message, textAt(p, f.at).text]),
    [
      ['NET157', 'cannot extend service "web" in /p/compose.yaml: service "nope" not found', 'nope'],
      [
        'LOAD',
        'Circular reference:\n  a in /p/compose.yaml\n  extends b in /p/compose.yaml\n  extends a in /p/compose.yaml',
        'a',
      ],
      ['LOAD', 'open /p/gone.yaml: no such file or directory', 'gone.yaml'],
    ],
  );
  assert.deepEqual(
    p.services.map((s) => s.name),
    ['web', 'a', 'b', 'c'],
  );
});

test('an extended service in an override file merges with the base file’s service', () => {
  const O = '/p/compose.override.yaml';
  const p = load(
    {
      [F]: 'services:\n  web:\n    image: a\n    ports: ["80:80"]\n',
      [O]: 'services:\n  tpl:\n    ports: ["90:90"]\n  web:\n    extends: tpl\n',
    },
    [F, O],
  );
  const web = must(p.services.find((s) => s.name === 'web')).node;
  assert.deepEqual(items(get(web, 'ports')), ['80:80', '90:90']);
});

test('a service can extend one that an include brought in', () => {
  const p = load(
    {
      [F]: 'include: [lib/base.yaml]\nservices:\n  web:\n    extends: tpl\n    image: web\n',
      '/p/lib/base.yaml': 'services:\n  tpl:\n    dns: [9.9.9.9]\n    image: tpl\n',
    },
    [F],
  );
  assert.deepEqual(p.findings, []);
  const web = must(p.services.find((s) => s.name === 'web')).node;
  assert.equal(str(get(web, 'image')), 'web');
  assert.deepEqual(items(get(web, 'dns')), ['9.9.9.9']);
  assert.equal(get(web, 'dns')?.span.file, '/p/lib/base.yaml');
});
