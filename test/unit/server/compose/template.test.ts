import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpansionBudget, substitute } from '../../../../server/src/compose/template';

const env: Record<string, string> = { A: 'a', EMPTY: '', PORT: '8080' };
const lookup = (n: string) => env[n];
const value = (t: string) => substitute(t, lookup).value;

test('plain, braced and escaped references', () => {
  assert.equal(value('$A-${A}'), 'a-a');
  assert.equal(value('$$A and $${A}'), '$A and ${A}');
  assert.equal(value('${PORT}:80'), '8080:80');
  assert.equal(value('${A}${A}'), 'aa');
  assert.equal(value('no dollars'), 'no dollars');
});

test('defaults distinguish unset from empty', () => {
  assert.equal(value('${EMPTY:-d}'), 'd');
  assert.equal(value('${EMPTY-d}'), '');
  assert.equal(value('${NOPE-d}'), 'd');
  assert.equal(value('${NOPE:-d}'), 'd');
  assert.equal(value('${A:-d}'), 'a');
});

test('presence alternatives', () => {
  assert.equal(value('${A:+x}'), 'x');
  assert.equal(value('${EMPTY:+x}'), '');
  assert.equal(value('${EMPTY+x}'), 'x');
  assert.equal(value('${NOPE+x}'), '');
});

test('nested templates in defaults are expanded, and their variables counted', () => {
  const r = substitute('${NOPE:-${A}-${MISSING}}', lookup);
  assert.equal(r.value, 'a-');
  assert.deepEqual(
    r.vars.map((v) => [v.name, v.unset]),
    [
      ['A', false],
      ['MISSING', true],
      ['NOPE', false],
    ],
  );
});

test('unset variables are flagged with their offsets', () => {
  const r = substitute('x ${NOPE} $OTHER', lookup);
  assert.equal(r.value, 'x  ');
  assert.deepEqual(
    r.vars.map((v) => [v.name, v.start, v.end, v.unset]),
    [
      ['NOPE', 2, 9, true],
      ['OTHER', 10, 16, true],
    ],
  );
  assert.equal(r.error, undefined);
});

test('required variables', () => {
  assert.equal(value('${A:?need A}'), 'a');
  assert.deepEqual(substitute('${EMPTY:?set it}', lookup).error, {
    kind: 'required',
    message: 'required variable EMPTY is missing a value: set it',
    start: 0,
    end: 16,
  });
  assert.equal(substitute('${EMPTY?set it}', lookup).error, undefined);
  assert.equal(substitute('${NOPE?}', lookup).error?.message, 'required variable NOPE is missing a value');
  assert.equal(
    substitute('${NOPE:?${A} is needed}', lookup).error?.message,
    'required variable NOPE is missing a value: a is needed',
  );
});

test('invalid syntax is located', () => {
  for (const [t, start, end] of [
    ['${PORT:80', 0, 9],
    ['a $ b', 2, 3],
    ['5$', 1, 2],
    ['${}', 0, 3],
    ['${1A}', 0, 5],
    ['${A B}', 0, 6],
    ['${A:x}', 0, 6],
    ['${A:-${B}', 0, 9],
  ] as const) {
    const e = substitute(t, lookup).error;
    assert.equal(e?.kind, 'invalid', t);
    assert.deepEqual([e.start, e.end], [start, end], t);
  }
});

test('nesting past the depth limit is a limit error at the innermost ${...} it reached, and the value is empty', () => {
  const deep = `${'${A:-'.repeat(10_000)}x${'}'.repeat(10_000)}`;
  const r = substitute(deep, lookup);
  assert.equal(r.value, '');
  assert.equal(r.error?.kind, 'limit');
  assert.equal(r.error?.message, 'interpolation nested deeper than 64 levels; the value is read as empty');
  // Within the limit the default still applies as compose-go's does.
  const ok = `${'${NOPE:-'.repeat(64)}x${'}'.repeat(64)}`;
  assert.deepEqual([substitute(ok, lookup).value, substitute(ok, lookup).error], ['x', undefined]);
  // One level more is past it.
  const over = `${'${NOPE:-'.repeat(65)}x${'}'.repeat(65)}`;
  assert.equal(substitute(over, lookup).error?.kind, 'limit');
});

test('a value that expands past the size limit is a limit error naming the template, and the value is empty', () => {
  const big: Record<string, string> = { B: 'b'.repeat(40_000) };
  const r = substitute('${B}${B}', (n) => big[n]);
  assert.equal(r.value, '');
  assert.equal(r.error?.kind, 'limit');
  assert.equal(
    r.error?.message,
    '"${B}${B}" expands to more than 65,536 bytes; the value is read as empty (shorten the variables it uses)',
  );
  assert.equal(substitute('${B}', (n) => big[n]).value.length, 40_000);
});

test('one budget bounds what variables add to all the values of a load together, and says so once', () => {
  const budget = new ExpansionBudget(64, 64 * 1024, 100_000);
  const big = (n: string) => (n === 'B' ? 'b'.repeat(30_000) : undefined);
  const results = [1, 2, 3, 4, 5].map(() => substitute('${B}', big, budget));
  assert.deepEqual(
    results.map((r) => r.value.length),
    [30_000, 30_000, 30_000, 0, 0],
  );
  assert.deepEqual(
    results.map((r) => r.error?.message),
    [
      undefined,
      undefined,
      undefined,
      "interpolation adds more than 100,000 bytes to this project's values in total; this value and the ones after it are read as empty",
      undefined,
    ],
  );
});

test('limits at their edges: the error spans, a long template quoted with an ellipsis, a value exactly at the size', () => {
  const big: Record<string, string> = { B: 'b'.repeat(40_000), EXACT: 'e'.repeat(64 * 1024), E: '' };
  const look = (n: string) => big[n];
  const long = `\${B}\${B}${'x'.repeat(40)}`;
  assert.deepEqual(substitute(long, look).error, {
    kind: 'limit',
    message: `"\${B}\${B}${'x'.repeat(32)}…" expands to more than 65,536 bytes; the value is read as empty (shorten the variables it uses)`,
    start: 0,
    end: 48,
  });
  // Exactly 40 characters are quoted whole.
  const forty = `\${B}\${B}${'x'.repeat(32)}`;
  assert.match(
    substitute(forty, look).error?.message ?? '',
    new RegExp(`^"\\$\\{B\\}\\$\\{B\\}x{32}" expands`),
  );
  // A value of exactly 65,536 bytes is within the limit, even with an empty variable after it.
  assert.deepEqual(
    [substitute('${EXACT}${E}', look).value.length, substitute('${EXACT}${E}', look).error],
    [65_536, undefined],
  );
  // Unclosed braces are located where they are, and what is invalid reads as empty.
  assert.deepEqual(substitute('ab ${A', lookup).error, { kind: 'invalid', message: '', start: 3, end: 6 });
  assert.equal(substitute('a $ b', lookup).value, 'a  b');
  // Only `${` opens a brace to close: a `$` or a `{` alone inside a default does not.
  assert.deepEqual(
    [value('${A:-$$}}'), value('${NOPE:-{x}}'), value('${NOPE:-a{b}c}')],
    ['a}', '{x}', 'a{bc}'],
  );
});

test('the load budget counts only what variables add, and is spent exactly to zero', () => {
  const budget = new ExpansionBudget(64, 64 * 1024, 59_992);
  const big = (n: string) => (n === 'B' ? 'b'.repeat(30_000) : undefined);
  // Written text costs nothing: 60 plain characters, twice, over a budget of 100.
  const small = new ExpansionBudget(64, 64 * 1024, 100);
  assert.deepEqual(
    [1, 2].map(() => substitute('x'.repeat(60), big, small).value.length),
    [60, 60],
  );
  // Each `${B}` adds 29,996 (30,000 over its 4 characters): two fill 59,992 exactly and are kept; a third is
  // past the budget, and a plain text after it still reads.
  assert.deepEqual(
    [1, 2].map(() => substitute('${B}', big, budget).value.length),
    [30_000, 30_000],
  );
  assert.equal(substitute('${B}', big, budget).value, '');
  assert.equal(substitute('plain', big, budget).value, 'plain');
});

test('offsets and unset flags of nested, alternative and required references; siblings do not add depth', () => {
  const r = substitute('x${NOPE:-${A}}', lookup);
  assert.deepEqual(
    r.vars.map((v) => [v.name, v.start, v.end, v.unset]),
    [
      ['A', 9, 13, false],
      ['NOPE', 1, 14, false],
    ],
  );
  // `+` and `:+` never flag their variable; `?` flags it only when it is unset.
  assert.deepEqual(
    substitute('${NOPE+x}${A:+y}${A?z}', lookup).vars.map((v) => [v.name, v.unset]),
    [
      ['NOPE', false],
      ['A', false],
      ['A', false],
    ],
  );
  assert.deepEqual(
    substitute('${NOPE?z}', lookup).vars.map((v) => [v.name, v.unset]),
    [['NOPE', true]],
  );
  assert.equal(value('a${NOPE+x}b'), 'ab');
  // 100 defaults side by side are 100 levels of one, not one of 100.
  const siblings = '${NOPE:-x}'.repeat(100);
  assert.deepEqual(
    [substitute(siblings, lookup).value, substitute(siblings, lookup).error],
    ['x'.repeat(100), undefined],
  );
});
