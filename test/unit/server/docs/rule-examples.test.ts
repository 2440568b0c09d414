// Every rule page shows a wrong and a right example (scripts/rule-docs/examples.ts). Both run here through
// the real analysis, as the page generator runs them: the wrong one must yield the rule's finding, the right
// one none of that rule and no error of any other, so an example that drifts from its rule fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleExamples } from '../../../../scripts/rule-docs';
import { MARKER, runExample } from '../../../../scripts/rule-docs/examples';
import type { Example } from '../../../../scripts/rule-docs/examples';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { knownCodes } from '../../../../server/src/findings/catalog';
import { positionAt } from '../../../../server/src/yaml/positions';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface Pair {
  id: string;
  wrong: Example | undefined;
  right: Example | undefined;
}

const pairs: Pair[] = [...knownCodes().values()].map((info) => {
  const { wrong, right } = ruleExamples(info);
  return { id: info.id, wrong, right };
});

test('every registered rule and loader code has a wrong and a right example', () => {
  assert.ok(pairs.length > 200, `only ${pairs.length} codes are registered`);
  const missing = pairs.filter((p) => p.wrong === undefined || p.right === undefined);
  assert.deepEqual(
    missing.map((p) => `${p.id}: no ${p.wrong === undefined ? 'wrong' : 'right'} example`),
    [],
    'add a marked fixture test/fixtures/rules/<ID>-<what>.yaml and its <ID>-<what>.right.yaml beside it',
  );
});

test("every wrong example yields its rule's finding", () => {
  const quiet = pairs.flatMap((p) =>
    p.wrong !== undefined && runExample(p.wrong, p.id).findings.length === 0
      ? [`${p.id} (${p.wrong.from})`]
      : [],
  );
  assert.deepEqual(quiet, [], 'these wrong examples produce no finding of their rule');
});

test('every right example yields nothing of its rule and no error of another', () => {
  const bad: string[] = [];
  for (const p of pairs) {
    if (p.right === undefined) continue;
    const run = runExample(p.right, p.id);
    for (const f of run.all)
      if (f.code === p.id || f.severity === 'error')
        bad.push(`${p.id} (${p.right.from}): ${run.where(f)} ${f.code} ${f.severity}: ${f.message}`);
  }
  assert.deepEqual(bad, []);
});

test('a host-aware example is checked against the host its context file gives, and only then yields', () => {
  const info = knownCodes().get('HOST003');
  assert.ok(info);
  const { wrong } = ruleExamples(info);
  assert.ok(wrong?.context?.host, 'HOST003 needs a connected host; its example has one');
  assert.ok(runExample(wrong, 'HOST003').findings.length > 0);
  const withoutHost: Example = { ...wrong, context: { text: '{}' } };
  assert.deepEqual(runExample(withoutHost, 'HOST003').findings, []);
});

test("every wrong example's caret markers for its rule are exactly where its page's run reports", () => {
  const off: string[] = [];
  for (const p of pairs) {
    if (p.wrong === undefined) continue;
    const run = runExample(p.wrong, p.id);
    // A finding about a whole file (LIMIT on a .env, HELM on a chart) sits at its first character, with no
    // width: no caret can mark it.
    const actual = run.findings
      .filter((f) => f.at.end > 0)
      .map((f) => {
        const src = run.sources.get(f.at.file);
        const a = positionAt(src?.lineStarts ?? [0], f.at.start);
        const b = positionAt(src?.lineStarts ?? [0], f.at.end);
        return `${basename(f.at.file)}:${a.line + 1}:${a.character}-${b.character}`;
      });
    const marked = markersOf(p.wrong.from, p.wrong.kind, p.id);
    const sort = (l: string[]): string[] => [...new Set(l)].sort();
    if (JSON.stringify(sort(actual)) !== JSON.stringify(sort(marked)))
      off.push(
        `${p.id} (${p.wrong.from}): reported ${sort(actual).join(', ')}; marked ${sort(marked).join(', ')}`,
      );
  }
  assert.deepEqual(off, []);
});

/** The spans a fixture marks for `id`, as `file:line:start-end` in the example's files (marker lines removed). */
function markersOf(from: string, kind: Example['kind'], id: string): string[] {
  const path = join(ROOT, from);
  const files = statSync(path).isDirectory()
    ? readdirSync(path).map((n) => [n, join(path, n)] as const)
    : [[kind === 'kubernetes' ? 'manifests.yaml' : 'compose.yaml', path] as const];
  const out: string[] = [];
  for (const [name, file] of files) {
    if (statSync(file).isDirectory()) continue;
    // A marker marks the nearest line above that is not a marker; the example has the marker lines removed.
    let target = -1;
    let removed = 0;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = MARKER.exec(line);
        if (!m) {
          target = i - removed;
          return;
        }
        removed++;
        const start = (m[1] ?? '').length;
        if (m[3] === id) out.push(`${name}:${target + 1}:${start}-${start + (m[2] ?? '').length}`);
      });
  }
  return out;
}
