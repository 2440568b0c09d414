import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject, ParseCache } from '../../../../server/src/compose/loader';
import { ownBodiesOfAll } from '../../../../server/src/incremental/per-service';
import { ownBodies } from '../../../../server/src/rules/compose/files';

/**
 * `ownBodiesOfAll` (one pass over each file's `services`, a kept one-body list for a service written once)
 * must give every service the bodies `ownBodies` finds by looking each one up.
 */
const BASE = '/p/compose.yaml';
const OVERRIDE = '/p/compose.override.yaml';

function loader(files: Record<string, string>) {
  const cache = new ParseCache();
  return (edit: (t: string) => string = (t) => t) =>
    loadProject({
      files: Object.keys(files),
      reader: {
        read: (p) => {
          const t = files[p];
          return t === undefined ? undefined : edit(t);
        },
      },
      env: {},
      parseCache: cache,
    });
}

const ONE_FILE = `services:
  web:
    image: nginx
  db:
    image: postgres
  web:
    image: httpd
  odd: just-a-string
  cache:
    image: redis
`;

test('every service gets the bodies it writes itself, in one file and across an override', () => {
  const cases: Record<string, string>[] = [
    { [BASE]: ONE_FILE },
    { [BASE]: ONE_FILE, [OVERRIDE]: 'services:\n  db:\n    ports: ["5432:5432"]\n  extra:\n    image: x\n' },
  ];
  for (const files of cases) {
    const project = loader(files)();
    const all = ownBodiesOfAll(project);
    assert.equal(all.length, project.services.length);
    project.services.forEach((svc, i) => {
      assert.deepEqual(all[i], ownBodies(project, svc), `service ${svc.name}`);
      for (const [j, body] of (all[i] ?? []).entries()) assert.equal(body, ownBodies(project, svc)[j]);
    });
    assert.ok(all.some((list) => list.length > 0));
  }
});

test('a service written once keeps the same one-body list across a keystroke elsewhere', () => {
  const load = loader({ [BASE]: ONE_FILE });
  const before = ownBodiesOfAll(load());
  const after = ownBodiesOfAll(load((t) => t.replace('image: redis', 'image: redis2')));
  const names = load().services.map((s) => s.name);
  const db = names.indexOf('db');
  const cache = names.indexOf('cache');
  assert.equal(after[db], before[db], 'db was not edited: the same list');
  assert.notEqual(after[cache], before[cache], 'cache was edited: a new body, a new list');
  assert.equal(after[db]?.length, 1);
});
