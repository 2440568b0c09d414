// The editor's incremental path (per-service and per-network findings kept while what they read is the same,
// project-wide rules re-run only when a path in their `reads` changed: rule.ts) against a fresh analysis, on
// every marked compose fixture that has a `.right.yaml` example: the project goes from the example to the
// fixture and back, twice, with one parse cache. After each step the kept findings must be exactly a fresh
// analysis's. A rule whose `reads` leaves out what it reads keeps stale findings here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../../../server/src/compose/loader';
import type { ComposeProject } from '../../../../../server/src/compose/project';
import { allRules } from '../../../../../server/src/rules/registry';

const DIR = join(__dirname, '..', '..', '..', '..', 'fixtures', 'rules');
const FILE = '/project/compose.yaml';

function load(text: string, cache?: ParseCache): ComposeProject {
  return loadProject({
    files: [FILE],
    reader: { read: (p) => (p === FILE ? text : undefined) },
    env: {},
    ...(cache ? { parseCache: cache } : {}),
  });
}

const show = (project: ComposeProject, rules = allRules): string[] =>
  analyze(project, null, rules).map(
    (f) =>
      `${f.at.start}-${f.at.end} ${f.code} ${f.severity}: ${f.message} ${JSON.stringify(f.related ?? [])}`,
  );

const names = readdirSync(DIR).filter(
  (n) =>
    /^(NET|HOST)\d{3}-.*\.yaml$/.test(n) &&
    !n.endsWith('.right.yaml') &&
    existsSync(join(DIR, n.replace(/\.yaml$/, '.right.yaml'))),
);

test('the compose fixtures with a right example are found', () =>
  assert.ok(names.length >= 50, `${names.length}`));

for (const n of names) {
  test(`${n}: the incremental findings after each edit are a fresh analysis's`, () => {
    const wrong = readFileSync(join(DIR, n), 'utf8');
    const right = readFileSync(join(DIR, n.replace(/\.yaml$/, '.right.yaml')), 'utf8');
    const cache = new ParseCache();
    for (const [step, text] of [
      ['right example', right],
      ['fixture', wrong],
      ['right example again', right],
      ['fixture again', wrong],
    ] as const) {
      // A rule list of its own for the fresh analysis: nothing kept is shared.
      assert.deepEqual(show(load(text, cache)), show(load(text), [...allRules]), `${n}, ${step}`);
    }
  });
}
