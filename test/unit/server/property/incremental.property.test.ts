import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../../server/src/compose/loader';
import { allRules } from '../../../../server/src/rules/registry';
import type { ComposeProject } from '../../../../server/src/compose/project';
import { generateProject } from '../../../../bench/lsp/generate';
import { hostSnapshot } from '../incremental/host';
import { applyEdit, editArb, seeds } from './mutate';

/**
 * The editor analyses a project incrementally (a ParseCache per project, per-service results kept while a
 * service's text is unchanged); after any sequence of edits its findings must be exactly those of a load
 * and analysis from scratch.
 */
const FILE = '/project/compose.yaml';
const ENV = { PORT: '8080', NET: 'front' };

function load(text: string, cache?: ParseCache): ComposeProject {
  return loadProject({
    files: [FILE],
    reader: { read: (p) => (p === FILE ? text : undefined) },
    env: ENV,
    ...(cache ? { parseCache: cache } : {}),
  });
}

function sameAsFresh(cache: ParseCache, text: string): void {
  const incremental = analyze(load(text, cache), null);
  const fresh = analyze(load(text), null, [...allRules]); // its own context: nothing kept is shared
  assert.deepStrictEqual(incremental, fresh, `findings differ for:\n${JSON.stringify(text)}`);
}

function editsAgree(seed: string, edits: Parameters<typeof applyEdit>[1][]): void {
  const cache = new ParseCache();
  let text = seed;
  sameAsFresh(cache, text);
  for (const e of edits) {
    text = applyEdit(text, e);
    sameAsFresh(cache, text);
  }
}

test('incremental analysis equals a fresh one after every edit of a random sequence', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds()),
      fc.array(editArb, { minLength: 1, maxLength: 10, size: 'max' }),
      editsAgree,
    ),
    { numRuns: 600 },
  );
});

test('the benchmark project with services that conflict: incremental analysis equals a fresh one', () => {
  const { text } = generateProject({ services: 30, networks: 6 });
  // Conflicts across services (same host port, same static address) keep the project-wide rules busy.
  const seed = text.replace(/"(\d+):80"/, '"18080:80"').replace(/- "(\d+):80"/, '- "18080:80"');
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 6, size: 'max' }), (edits) =>
      editsAgree(seed, edits),
    ),
    { numRuns: 60 },
  );
});

/** A project of three files: the base (a seed), an override and a file the base includes. */
const BASE = '/project/compose.yaml';
const OVERRIDE = '/project/compose.override.yaml';
const INCLUDED = '/project/shared/compose.yaml';

interface Files {
  [path: string]: string;
}

function loadFiles(files: Files, cache?: ParseCache): ComposeProject {
  return loadProject({
    files: [BASE, OVERRIDE],
    reader: { read: (p) => files[p] },
    env: ENV,
    ...(cache ? { parseCache: cache } : {}),
  });
}

function withInclude(seed: string): string {
  return `include:\n  - shared/compose.yaml\n${seed}`;
}

const OVERRIDE_TEXT = `services:
  web:
    ports:
      - "8080:80"
    networks:
      front:
        ipv4_address: 172.16.238.20
  api:
    network_mode: host
networks:
  front:
    ipam:
      config:
        - subnet: 172.16.240.0/24
`;

const INCLUDED_TEXT = `services:
  cache:
    image: redis
    ports:
      - "6379:6379"
      - "8080:8080"
    networks: [shared]
networks:
  shared:
    ipam:
      config:
        - subnet: 10.1.0.0/24
`;

const fileArb = fc.constantFrom(BASE, OVERRIDE, INCLUDED);

test('with an override file, an include and a host snapshot, incremental analysis equals a fresh one', () => {
  const hosts = [null, hostSnapshot(0), hostSnapshot(1)];
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds()),
      fc.array(fc.tuple(fileArb, editArb, fc.nat(hosts.length - 1)), {
        minLength: 1,
        maxLength: 8,
        size: 'max',
      }),
      (seed, steps) => {
        const files: Files = {
          [BASE]: withInclude(seed),
          [OVERRIDE]: OVERRIDE_TEXT,
          [INCLUDED]: INCLUDED_TEXT,
        };
        const cache = new ParseCache();
        let host = hosts[1] ?? null;
        const agree = () => {
          const incremental = analyze(loadFiles(files, cache), host);
          const fresh = analyze(loadFiles(files), host, [...allRules]);
          assert.deepStrictEqual(incremental, fresh, `findings differ for:\n${JSON.stringify(files)}`);
        };
        agree();
        for (const [file, edit, h] of steps) {
          files[file] = applyEdit(files[file] ?? '', edit);
          // The host changes now and then (the client sends a new snapshot, or disconnects).
          if (h !== 1) host = hosts[h] ?? null;
          agree();
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('extra_hosts findings move with their text when the file above them changes (a project with an include)', () => {
  // Found by the random sequence above (CI, seed 1264171508): a `:` typed at the start of the base file
  // moved every body by one, and NET133's places on extra_hosts stayed where they were.
  const seed =
    'services:\n  app:\n    image: app\n    extra_hosts:\n      - "web=10.0.0.300"\n' +
    '      - "multi=10.0.0.1,nope"\n  worker:\n    image: worker\n    extra_hosts:\n      db: localhost\n';
  const files: Files = { [BASE]: withInclude(seed), [OVERRIDE]: OVERRIDE_TEXT, [INCLUDED]: INCLUDED_TEXT };
  const cache = new ParseCache();
  const agree = () =>
    assert.deepStrictEqual(
      analyze(loadFiles(files, cache), null),
      analyze(loadFiles(files), null, [...allRules]),
    );
  agree();
  files[BASE] = ':' + (files[BASE] ?? '');
  agree();
});

test('a service key written twice: a kept finding on the first key does not move with the second body', () => {
  // Found by the random sequence above (seed 627824131): the second body's anchor reached back to the first
  // key, so NET028's related place on that key moved by one when a character was typed in the first body.
  const before =
    'services:\n  alone:\n    image: nginx\n    networks: [hostnet]\n  mixed:\n    image: nginx\n' +
    '    networks:\n      nonet:\n  alone:\n      front:\n  fine:\n    image: nginx\n    networks: [front]\n' +
    'networks:\n  hostnet:\n    external: true\n    name: host\n  nonet:\n    external: true\n    name: none\n' +
    '  front: {}\n';
  const cache = new ParseCache();
  sameAsFresh(cache, before);
  sameAsFresh(
    cache,
    before.replace('    image: nginx\n    networks: [hostnet]', '    -image: nginx\n    networks: [hostnet]'),
  );
});
