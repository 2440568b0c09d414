import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject, ParseCache } from '../../../../server/src/compose/loader';

/**
 * After a keystroke the loader hands back the last load's service model for a service whose body, key and
 * enabled flag are the same (build-models.ts), and a new one whenever any of them changed.
 */
const FILE = '/project/compose.yaml';

function session(profiles?: string[]) {
  const cache = new ParseCache();
  return (text: string) =>
    loadProject({
      files: [FILE],
      reader: { read: (p) => (p === FILE ? text : undefined) },
      env: {},
      parseCache: cache,
      ...(profiles ? { profiles } : {}),
    }).services;
}

const TEXT = `services:
  web:
    image: nginx
    environment:
      A: "1"
  db:
    image: postgres
  cache:
    image: redis
`;

test('an unchanged service keeps its model; the edited one gets a new one', () => {
  const load = session();
  const [web, db, cache] = load(TEXT);
  const after = load(TEXT.replace('A: "1"', 'A: "2"'));
  assert.notEqual(after[0], web);
  assert.equal(after[1], db);
  assert.equal(after[2], cache);
});

test('a renamed service with the same body gets its new name', () => {
  const load = session();
  load(TEXT);
  const after = load(TEXT.replace('  db:\n', '  dbx:\n'));
  assert.deepStrictEqual(
    after.map((s) => s.name),
    ['web', 'dbx', 'cache'],
  );
  assert.equal(after[1]?.keySpans.length, 1);
  assert.equal(
    TEXT.replace('  db:\n', '  dbx:\n').slice(after[1]?.keySpans[0]?.start, after[1]?.keySpans[0]?.end),
    'dbx',
  );
});

test('a second key of the same name (a duplicate) changes the kept model', () => {
  const load = session();
  load(TEXT);
  const twice = `${TEXT}  db:\n    image: postgres\n`;
  const after = load(twice);
  const db = after.find((s) => s.name === 'db');
  assert.equal(db?.keySpans.length, 2);
});

test('the enabled flag follows the active profiles', () => {
  const withProfile = TEXT.replace('    image: redis\n', '    image: redis\n    profiles: [debug]\n');
  const on = session(['debug'])(withProfile);
  const off = session([])(withProfile);
  assert.equal(on[2]?.enabled, true);
  assert.equal(off[2]?.enabled, false);
});

test('a network defined in the base and in an included file keeps its merged definition while an edit is elsewhere', () => {
  const INFRA = '/project/infra.yaml';
  const files: Record<string, string> = {
    [FILE]: `include:\n  - infra.yaml\nservices:\n  web:\n    image: nginx\n    networks: [front]\nnetworks:\n  front:\n    labels: [a=1]\n`,
    [INFRA]: `services:\n  db:\n    image: postgres\n    environment:\n      A: "1"\n    networks: [front]\nnetworks:\n  front:\n    driver: bridge\n`,
  };
  const cache = new ParseCache();
  const load = () =>
    loadProject({ files: [FILE], reader: { read: (p) => files[p] }, env: {}, parseCache: cache }).networks;
  const front = load().find((n) => n.key === 'front')?.node;
  assert.ok(front, 'front is defined');
  files[INFRA] = files[INFRA]?.replace('A: "1"', 'A: "2"') ?? '';
  assert.equal(load().find((n) => n.key === 'front')?.node, front, 'an edit in a service made a new network');
  files[INFRA] = files[INFRA]?.replace('driver: bridge', 'driver: overlay') ?? '';
  assert.notEqual(
    load().find((n) => n.key === 'front')?.node,
    front,
    'an edit in the network kept the old one',
  );
});

test('a service moved by an edit above it gets a new model at its new place, in one file and across files', () => {
  // The parse cache hands back the moved entry itself (its key's span moved in place): the model must still
  // be new, since rules keep what they derive from a model (extra_hosts spans, say) by the model.
  const load = session();
  const [web, db] = load(TEXT);
  const moved = `x-top: 1\n${TEXT}`;
  const after = load(moved);
  assert.notEqual(after[0], web);
  assert.notEqual(after[1], db);
  assert.equal(moved.slice(after[1]?.keySpans[0]?.start, after[1]?.keySpans[0]?.end), 'db');
  assert.equal(db?.keySpans[0]?.start, TEXT.indexOf('db:'), 'the old model kept its own place');
  const INFRA = '/project/infra.yaml';
  const files: Record<string, string> = {
    [FILE]: `include:\n  - infra.yaml\n${TEXT}`,
    [INFRA]: TEXT.replace(/web|db|cache/g, 'i$&'),
  };
  const cache = new ParseCache();
  const loadBoth = () =>
    loadProject({ files: [FILE], reader: { read: (p) => files[p] }, env: {}, parseCache: cache }).services;
  const first = loadBoth().find((s) => s.name === 'db');
  files[FILE] = `x-top: 1\n${files[FILE]}`;
  const second = loadBoth().find((s) => s.name === 'db');
  assert.notEqual(second, first);
  assert.equal(files[FILE]?.slice(second?.keySpans[0]?.start, second?.keySpans[0]?.end), 'db');
});

test('an unchanged network keeps its model; an edited, moved or renamed-project one gets a new one', () => {
  const NETS = `${TEXT}networks:\n  front:\n    driver: bridge\n  back:\n    internal: true\n`;
  const files: Record<string, string> = { [FILE]: NETS };
  const cache = new ParseCache();
  const load = (name?: string) =>
    loadProject({
      files: [FILE],
      reader: { read: (p) => files[p] },
      env: name ? { COMPOSE_PROJECT_NAME: name } : {},
      parseCache: cache,
    }).networks;
  const [front, back] = load();
  files[FILE] = NETS.replace('image: redis', 'image: rediz');
  const same = load();
  assert.equal(same[0], front);
  assert.equal(same[1], back);
  files[FILE] = files[FILE]?.replace('internal: true', 'internal: false') ?? '';
  const edited = load();
  assert.equal(edited[0], front);
  assert.notEqual(edited[1], back);
  files[FILE] = `x-top: 1\n${files[FILE]}`;
  const moved = load();
  assert.notEqual(moved[0], front);
  assert.equal(files[FILE]?.slice(moved[0]?.keySpans[0]?.start, moved[0]?.keySpans[0]?.end), 'front');
  const renamed = load('other');
  assert.notEqual(renamed[0], moved[0]);
  assert.equal(renamed[0]?.engineName, 'other_front');
});
