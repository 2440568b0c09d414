import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ParseCache, parseYaml } from '../../../server/src/compose/parse';
import { generateProject } from '../../../bench/lsp/generate';
import { applyEdit, editArb, seeds } from '../property/mutate';
import { yamlDocument } from './yamlgen';

/**
 * Re-parsing with a ParseCache reuses the unchanged entries of the previous parse (reparse.ts); whatever it
 * reuses, the tree must be exactly the tree a fresh parse of the new text builds, spans included.
 */
const FILE = '/p/compose.yaml';

function sameAsFresh(cache: ParseCache, text: string): void {
  const incremental = cache.parse(text, FILE);
  const fresh = parseYaml(text, FILE);
  assert.deepStrictEqual(incremental, fresh, `trees differ for:\n${JSON.stringify(text)}`);
}

const all = seeds();

test('a sequence of edits to a compose file re-parses to the fresh tree each time', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...all),
      fc.array(editArb, { minLength: 1, maxLength: 12 }),
      (seed, edits) => {
        const cache = new ParseCache();
        let text = seed;
        sameAsFresh(cache, text);
        for (const e of edits) {
          text = applyEdit(text, e);
          sameAsFresh(cache, text);
        }
      },
    ),
    { numRuns: 1500 },
  );
});

test('generated documents, edited, re-parse to the fresh tree', () => {
  fc.assert(
    fc.property(yamlDocument, fc.array(editArb, { minLength: 1, maxLength: 6 }), (doc, edits) => {
      const cache = new ParseCache();
      let text = doc;
      sameAsFresh(cache, text);
      for (const e of edits) {
        text = applyEdit(text, e);
        sameAsFresh(cache, text);
      }
    }),
    { numRuns: 1500 },
  );
});

test('the benchmark project: keystrokes anywhere re-parse to the fresh tree and reuse the rest', () => {
  const { text: base } = generateProject({ services: 40, networks: 8 });
  fc.assert(
    fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) => {
      const cache = new ParseCache();
      let text = base;
      sameAsFresh(cache, text);
      for (const e of edits) {
        text = applyEdit(text, e);
        sameAsFresh(cache, text);
      }
    }),
    { numRuns: 40 },
  );
});

test('an edit inside one service keeps the other services as the same objects', () => {
  const { text, edit } = generateProject({ services: 40, networks: 8 });
  const cache = new ParseCache();
  const before = cache.parse(text, FILE);
  const services = (root: unknown) =>
    (root as { entries: { key: string; value: { entries: { value: unknown }[] } }[] }).entries
      .find((e) => e.key === 'services')
      ?.value.entries.map((e) => e.value) ?? [];
  const old = services(before.root);
  const lines = text.split('\n');
  lines[edit.line] =
    `${lines[edit.line]?.slice(0, edit.character)}77${lines[edit.line]?.slice(edit.character + 1)}`;
  const after = cache.parse(lines.join('\n'), FILE);
  const now = services(after.root);
  const same = now.filter((n, i) => n === old[i]).length;
  assert.equal(same, old.length - 1, 'every service but the edited one is reused');
  assert.deepStrictEqual(after, parseYaml(lines.join('\n'), FILE));
});
