// Go durations as Docker reads them (core/src/services/duration.ts): every unit, fractions, the bounds of the
// text, and what is refused (written from mutation testing: core's own tests did not reach this file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '@switchyard/core';

const bad = (text: string) => `invalid duration "${text}": use a number and a unit, e.g. 500ms, 2s, 1m30s`;

test('durations: each unit in milliseconds, rounded to the nearest one', () => {
  assert.equal(parseDuration('2000000ns'), 2);
  assert.equal(parseDuration('1500000ns'), 2);
  assert.equal(parseDuration('1400000ns'), 1);
  assert.equal(parseDuration('3000us'), 3);
  assert.equal(parseDuration('4000µs'), 4);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('2s'), 2000);
  assert.equal(parseDuration('3m'), 180_000);
  assert.equal(parseDuration('2h'), 7_200_000);
});

test('durations: units add up, fractions count, spaces around the text are dropped', () => {
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('1h2m3s4ms'), 3_723_004);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('.5s'), 500);
  assert.equal(parseDuration('.25m'), 15_000);
  assert.equal(parseDuration('0.25m'), 15_000);
  assert.equal(parseDuration(' 2s\t'), 2000);
  assert.equal(parseDuration('0s'), 0);
});

test('durations: a bare 0 is allowed, any other bare number or stray text is refused', () => {
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration(' 0 '), 0);
  for (const t of ['5', '00', '1', 'x1s', '1sx', '1s 2s', '1 s', '-1s', '1.s', '1S', 's', '1d', '1.5.5s'])
    assert.equal(parseDuration(t), bad(t), t);
  assert.equal(parseDuration(''), bad(''));
  assert.equal(parseDuration('   '), bad('   '));
});

test('durations: 64 characters are read, 65 are refused', () => {
  assert.equal(parseDuration('1s'.repeat(32)), 32_000);
  const long = `0${'1s'.repeat(32)}`;
  assert.equal(long.length, 65);
  assert.equal(parseDuration(long), bad(long));
  assert.equal(parseDuration(` ${'1s'.repeat(32)} `), 32_000, 'the bound applies to the trimmed text');
});
