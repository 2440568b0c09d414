import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError, allValues, keyValues, lastValue, parseFlags } from '../../../core/src/flags';

const SPEC = {
  values: ['--file', '--label'],
  bools: ['--force', '--color', '--no-color'],
  alias: { '-f': '--file', '-F': '--force' },
};

test("flags: Docker's forms, repeated values in order, -- ends the flags, - is a positional", () => {
  const p = parseFlags(
    ['a', '-f', 'x.yaml', '--file=y.yaml', '--label', 'k=v', '-F', '-', '--', '--not-a-flag'],
    SPEC,
  );
  assert.deepEqual(p.positional, ['a', '-']);
  assert.deepEqual(allValues(p, '--file'), ['x.yaml', 'y.yaml']);
  assert.equal(lastValue(p, '--file'), 'y.yaml');
  assert.ok(p.bools.has('--force'));
  assert.deepEqual(p.rest, ['--not-a-flag']);
  assert.deepEqual(keyValues(allValues(p, '--label'), '--label'), { k: 'v' });
});

test('flags: the order of flags is kept, so the last of two opposite flags can win', () => {
  const p = parseFlags(['--color', '--no-color', '--color=false'], SPEC);
  assert.deepEqual(p.order, [
    { flag: '--color' },
    { flag: '--no-color' },
    { flag: '--color', value: 'false' },
  ]);
  assert.ok(!p.bools.has('--color'), '--color=false turns it off again');
});

test('flags: an unknown flag and a missing value are usage errors that say which flag', () => {
  assert.throws(
    () => parseFlags(['--bogus'], SPEC),
    (e: unknown) => e instanceof UsageError && e.kind === 'unknown' && e.flag === '--bogus',
  );
  assert.throws(
    () => parseFlags(['-f'], SPEC),
    (e: unknown) => e instanceof UsageError && e.kind === 'missing' && e.flag === '--file',
  );
  assert.throws(() => keyValues(['novalue'], '--label'), /invalid --label "novalue": use key=value/);
});
