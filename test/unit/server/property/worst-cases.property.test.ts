import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadProject } from '../../../../server/src/compose/loader';
import { analyze, MAX_FINDINGS_PER_RULE } from '../../../../server/src/analyze';
import { completion } from '../../../../server/src/features/completion';
import { WORST_CASES, worstCase } from './worst-cases';
import type { Shape, WorstCase } from './worst-cases';

// Issue 12's hostile inputs (and a generator of more like them) get bounded answers: findings, messages and
// completion stay small whatever the input expands to. Nothing asserts on time; the timeouts only turn a
// hang into a failure.
const DIR = '/project';

/** Loads the case as the CLI would (its `.env` beside compose.yaml), analyzes it and asks for completion. */
function run(c: WorstCase) {
  const files = new Map(Object.entries(c.files).map(([name, text]) => [join(DIR, name), text]));
  const compose = join(DIR, 'compose.yaml');
  const project = loadProject({ files: [compose], reader: { read: (p) => files.get(p) }, env: {} });
  const findings = analyze(project, null);
  const text = files.get(compose) ?? '';
  const src = project.sources.get(compose);
  const items =
    c.completionAt !== undefined && src
      ? completion({ project, text, lineStarts: src.lineStarts, offset: c.completionAt, host: null })
      : [];
  return { project, findings, items, inputBytes: [...files.values()].reduce((n, t) => n + t.length, 0) };
}

/** Bounded output: findings per rule, related places, and message sizes do not grow with the expansion. */
function assertBounded(c: WorstCase, r: ReturnType<typeof run>): void {
  const perCode = new Map<string, number>();
  for (const f of r.findings) perCode.set(f.code, (perCode.get(f.code) ?? 0) + 1);
  for (const [code, n] of perCode) {
    assert.ok(n <= MAX_FINDINGS_PER_RULE + 1, `${c.name}: ${n} ${code} findings`);
  }
  for (const f of r.findings) {
    assert.ok(
      (f.related?.length ?? 0) <= 25,
      `${c.name}: ${f.code} with ${f.related?.length} related places`,
    );
    // A message may quote what is written (a template, a value), never what it expands to beyond the limit.
    assert.ok(f.message.length <= 70_000, `${c.name}: ${f.code} message of ${f.message.length} characters`);
  }
  const printed = r.findings.reduce((n, f) => n + f.message.length, 0);
  assert.ok(printed <= 20 * r.inputBytes + 2_000_000, `${c.name}: ${printed} characters of messages`);
}

/** The diagnostic each limited case must carry, so a limit is never silent. */
const SAYS: Partial<Record<string, RegExp>> = {
  'alias-bomb-networks-9': /excessive aliasing: alias expands to more than 1,000,000 nodes/,
  'nested-default-10000': /interpolation nested deeper than 64 levels/,
  'dotenv-doubling-40': /expands to more than 65,536 bytes/,
  'dotenv-doubling-ports-25': /expands to more than 65,536 bytes/,
  'same-port-2000': /and 1,979 more places publish 8080\/tcp/,
  'many-networks-200000': /NET010 found 198,999 more problems after the first 1,000/,
  'many-services-ports-20000': /NET109 found 9,000 more problems after the first 1,000/,
};

for (const c of WORST_CASES) {
  test(`worst case ${c.name}: answered with bounded output`, { timeout: 120_000 }, () => {
    const r = run(c);
    assertBounded(c, r);
    const says = SAYS[c.name];
    if (says)
      assert.ok(
        r.findings.some((f) => says.test(f.message)),
        `${c.name}: no finding matches ${says}`,
      );
  });
}

test('completion inside a key with 100k spaces answers as it does with three', () => {
  assert.deepEqual(run(worstCase('long-key-line', 100_000)).items, run(worstCase('long-key-line', 3)).items);
  assert.deepEqual(
    run(worstCase('long-blank-line', 100_000)).items,
    run(worstCase('long-blank-line', 3)).items,
  );
});

/** Small scales of every shape: the same bounds hold at every size, not only the ones measured. */
const scaled: fc.Arbitrary<[Shape, number]> = fc.oneof(
  fc.tuple(fc.constant<Shape>('alias-bomb-networks'), fc.integer({ min: 1, max: 9 })),
  fc.tuple(fc.constant<Shape>('same-port'), fc.integer({ min: 1, max: 400 })),
  fc.tuple(fc.constant<Shape>('many-ranges'), fc.integer({ min: 1, max: 300 })),
  fc.tuple(fc.constant<Shape>('wide-ranges'), fc.integer({ min: 1, max: 300 })),
  fc.tuple(fc.constant<Shape>('nested-default'), fc.integer({ min: 1, max: 2000 })),
  fc.tuple(fc.constant<Shape>('dotenv-doubling'), fc.integer({ min: 1, max: 45 })),
  fc.tuple(fc.constant<Shape>('dotenv-doubling-ports'), fc.integer({ min: 1, max: 45 })),
  fc.tuple(fc.constant<Shape>('many-networks'), fc.integer({ min: 1, max: 3000 })),
  fc.tuple(fc.constant<Shape>('long-key-line'), fc.integer({ min: 1, max: 20_000 })),
  fc.tuple(fc.constant<Shape>('port-ranges'), fc.constant(0)),
);

test('generated worst cases of every shape and size: bounded output', { timeout: 300_000 }, () => {
  fc.assert(
    fc.property(scaled, ([shape, n]) => {
      const c = worstCase(shape, n);
      assertBounded(c, run(c));
    }),
    { numRuns: 40, seed: 1212 },
  );
});
