import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyze } from '../../../server/src/analyze';
import { loadProject, ParseCache } from '../../../server/src/compose/loader';
import type { ComposeProject } from '../../../server/src/compose/project';
import { generateProject } from '../../../bench/lsp/generate';
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
  const fresh = analyze(load(text), null);
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
