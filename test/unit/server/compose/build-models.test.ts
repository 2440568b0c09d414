// Service models from a merged root (server/src/compose/build-models.ts) and `extends` resolution
// (extends.ts), called directly: which model a second load hands out again, the key spans, repeated keys,
// and a file without `extends` left as it is. Written from the mutation run of these files (test/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetworks, buildServices } from '../../../../server/src/compose/build-models';
import { resolveExtends } from '../../../../server/src/compose/extends';
import { newContext } from '../../../../server/src/compose/load-context';
import { parseYaml } from '../../../../server/src/yaml/parse';
import { get, isMap, str } from '../../../../server/src/yaml/tree';
import type { PMap, Span } from '../../../../server/src/yaml/tree';
import { dedent, must } from './memfs';

const F = '/p/compose.yaml';

function tree(text: string): PMap {
  const root = parseYaml(dedent(text), F).root;
  assert.ok(isMap(root), 'a mapping');
  return root;
}

const span = (file: string, start: number, end: number): Span => ({ file, start, end });
/** Spans as their three fields (a parsed entry is its own key span: tree.ts). */
const fields = (spans: readonly Span[]): Span[] => spans.map((s) => span(s.file, s.start, s.end));

test('a second build hands out the same model only while name, profiles and key spans are the same', () => {
  const root = tree('services:\n  web:\n    image: a\n    profiles: [debug]\n');
  const spans = new Map([['web', [span(F, 10, 13)]]]);
  const first = must(buildServices(root, { many: spans }, undefined)[0]);
  assert.equal(first.enabled, true);
  // Same body, same spans (a new but equal span object): the same model.
  const again = new Map([['web', [span(F, 10, 13)]]]);
  assert.equal(buildServices(root, { many: again }, undefined)[0], first);
  // Profiles change whether it is enabled: a new model that says so.
  const off = must(buildServices(root, { many: again }, [])[0]);
  assert.notEqual(off, first);
  assert.equal(off.enabled, false);
  // The same body under another name (a rename above it reuses the parsed body): a model with the new name.
  const services = get(root, 'services');
  assert.ok(isMap(services));
  const renamed: PMap = {
    ...root,
    entries: [
      {
        ...must(root.entries[0]),
        value: { ...services, entries: [{ ...must(services.entries[0]), key: 'api' }] },
      },
    ],
  };
  const api = must(buildServices(renamed, { many: new Map([['api', [span(F, 10, 13)]]]) }, [])[0]);
  assert.equal(api.name, 'api');
  // Each way the key spans can differ gives a model with the new spans.
  for (const [what, next] of [
    ['another file', [span('/p/other.yaml', 10, 13)]],
    ['another start', [span(F, 11, 13)]],
    ['another end', [span(F, 10, 14)]],
    ['one more file', [span(F, 10, 13), span('/p/o.yaml', 0, 3)]],
    ['the first of two gone', [span('/p/o.yaml', 0, 3)]],
  ] as const) {
    buildServices(root, { many: new Map([['web', [span(F, 10, 13)]]]) }, []);
    const m = must(buildServices(root, { many: new Map([['web', [...next]]]) }, [])[0]);
    assert.deepEqual(m.keySpans, next, what);
  }
  // With two spans each the same, the model is kept; the second one differing is seen too.
  const two = [span(F, 10, 13), span('/p/o.yaml', 0, 3)];
  const kept = must(buildServices(root, { many: new Map([['web', two]]) }, [])[0]);
  assert.equal(
    must(buildServices(root, { many: new Map([['web', two.map((s) => ({ ...s }))]]) }, [])[0]),
    kept,
  );
  const moved = [span(F, 10, 13), span('/p/o.yaml', 1, 4)];
  assert.deepEqual(must(buildServices(root, { many: new Map([['web', moved]]) }, [])[0]).keySpans, moved);
});

test('a build without keep leaves no model for the next one; a key with no recorded span uses its own', () => {
  const root = tree('services:\n  web:\n    image: a\n');
  const first = must(buildServices(root, { many: new Map() }, undefined, false)[0]);
  assert.equal(first.name, 'web');
  assert.deepEqual(first.keySpans, [must(get(root, 'services') as PMap).entries[0]?.keySpan]);
  const second = must(buildServices(root, { many: new Map() }, undefined, true)[0]);
  assert.notEqual(second, first);
  assert.equal(must(buildServices(root, { many: new Map() }, undefined, true)[0]), second);
});

test('a service key written twice in one mapping: one model, from the last body', () => {
  const root = tree('services:\n  web:\n    image: first\n  db:\n    image: db\n  web:\n    image: last\n');
  const models = buildServices(root, { many: new Map() }, undefined, false);
  assert.deepEqual(
    models.map((m) => [m.name, str(get(m.node, 'image'))]),
    [
      ['db', 'db'],
      ['web', 'last'],
    ],
  );
});

test('resolveExtends leaves a file in which no service extends another as the same tree', () => {
  const ctx = newContext({ read: () => undefined });
  const root = tree('services:\n  web:\n    image: a\n  db: "not a map"\nnetworks: {}\n');
  assert.equal(
    resolveExtends(ctx, root, F, () => undefined),
    root,
  );
  const withExtends = tree('services:\n  base:\n    image: a\n  web:\n    extends: base\n');
  const out = resolveExtends(ctx, withExtends, F, () => undefined);
  assert.notEqual(out, withExtends);
  assert.equal(str(get(get(get(out, 'services'), 'web'), 'image')), 'a');
  assert.deepEqual(ctx.findings, []);
});

test('replicas: scale, else deploy.replicas, else 1, each only when it is a whole number', () => {
  const root = tree(`
    services:
      a: { scale: 12 }
      b: { scale: "+3" }
      c: { scale: "-2", deploy: { replicas: 9 } }
      d: { scale: "3x", deploy: { replicas: 4 } }
      e: { scale: "x3", deploy: { replicas: "x" } }
      f: { deploy: { replicas: "07" } }
      g: { profiles: [debug, [nested], { a: b }, web] }
  `);
  const models = buildServices(root, { many: new Map() }, undefined, false);
  assert.deepEqual(
    models.map((m) => [m.name, m.replicas]),
    [
      ['a', 12],
      ['b', 3],
      ['c', -2],
      ['d', 4],
      ['e', 1],
      ['f', 7],
      ['g', 1],
    ],
  );
  assert.deepEqual(models[6]?.profiles, ['debug', 'web']);
});

test('an extends whose service is not a name is left alone: no base merged, no finding here', () => {
  const ctx = newContext({ read: () => undefined });
  const root = tree(
    'services:\n  base:\n    image: a\n  web:\n    extends: { service: [base] }\n    image: b\n',
  );
  const out = resolveExtends(ctx, root, F, () => undefined);
  assert.equal(str(get(get(get(out, 'services'), 'web'), 'image')), 'b');
  assert.deepEqual(ctx.findings, []);
});

test('an unchanged service extends into the same merged body on every load', () => {
  const root = tree('services:\n  base:\n    image: a\n  web:\n    extends: base\n    ports: ["80:80"]\n');
  const first = resolveExtends(newContext({ read: () => undefined }), root, F, () => undefined);
  const second = resolveExtends(newContext({ read: () => undefined }), root, F, () => undefined);
  const web = get(get(first, 'services'), 'web');
  assert.ok(isMap(web));
  assert.equal(get(web, 'extends'), undefined);
  assert.equal(get(get(second, 'services'), 'web'), web);
});

test('networks: a second build hands out the same model while its key spans are the same, in one section or several', () => {
  const root = tree('networks:\n  front:\n    driver: bridge\n');
  const nets = get(root, 'networks');
  assert.ok(isMap(nets));
  const own = must(nets.entries[0]).keySpan;
  // One section (the usual single file): the key's own span.
  const one = must(buildNetworks(root, 'p', { one: nets }, [])[0]);
  assert.deepEqual(fields(one.keySpans), fields([own]));
  assert.equal(buildNetworks(root, 'p', { one: nets }, [])[0], one);
  // Several sections: kept while every span is the same, new when one differs.
  const two = [span(F, 10, 15), span('/p/o.yaml', 0, 5)];
  const many = must(buildNetworks(root, 'p', { many: new Map([['front', two]]) }, [])[0]);
  assert.notEqual(many, one);
  assert.equal(
    buildNetworks(root, 'p', { many: new Map([['front', two.map((s) => ({ ...s }))]]) }, [])[0],
    many,
  );
  const moved = [span(F, 10, 15), span('/p/o.yaml', 1, 6)];
  assert.deepEqual(
    must(buildNetworks(root, 'p', { many: new Map([['front', moved]]) }, [])[0]).keySpans,
    moved,
  );
  // Down from two places to its one: a new model with the one span.
  buildNetworks(root, 'p', { many: new Map([['front', [own, span('/p/o.yaml', 0, 5)]]]) }, []);
  assert.deepEqual(fields(must(buildNetworks(root, 'p', { one: nets }, [])[0]).keySpans), fields([own]));
  // The same body under another key (a rename above it reuses the parsed body): a model with the new key.
  const renamed: PMap = {
    ...root,
    entries: [
      { ...must(root.entries[0]), value: { ...nets, entries: [{ ...must(nets.entries[0]), key: 'back' }] } },
    ],
  };
  const back = must(buildNetworks(renamed, 'p', { many: new Map([['back', [own]]]) }, [])[0]);
  buildNetworks(renamed, 'p', { many: new Map([['front', [own]]]) }, []);
  assert.equal(back.key, 'back');
  assert.deepEqual(
    buildNetworks(root, 'p', { many: new Map([['front', [own]]]) }, []).map((n) => [n.key, n.engineName]),
    [['front', 'p_front']],
  );
  // A key no section recorded uses its own span.
  assert.deepEqual(
    fields(must(buildNetworks(root, 'p', { many: new Map() }, [], false)[0]).keySpans),
    fields([own]),
  );
});
