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

test('flags: the usage errors name the flag as written and say what is wrong', () => {
  assert.throws(() => parseFlags(['--bogus=1'], SPEC), {
    message: 'unknown flag: --bogus=1',
    kind: 'unknown',
    flag: '--bogus=1',
  });
  assert.throws(() => parseFlags(['x', '--label'], SPEC), {
    message: 'flag needs an argument: --label',
    kind: 'missing',
    flag: '--label',
  });
  assert.equal(new UsageError('m').kind, 'other');
});

test('flags: a value after = may be empty or hold another =; an alias takes = too; values keep their order', () => {
  const p = parseFlags(['--file=', '-f=a=b', '--label', '--file', 'z'], SPEC);
  assert.deepEqual(allValues(p, '--file'), ['', 'a=b']);
  assert.deepEqual(allValues(p, '--label'), ['--file']);
  assert.deepEqual(p.positional, ['z']);
  assert.deepEqual(p.order, [
    { flag: '--file', value: '' },
    { flag: '--file', value: 'a=b' },
    { flag: '--label', value: '--file' },
  ]);
  assert.equal(lastValue(p, '--color'), undefined);
  assert.deepEqual(allValues(p, '--color'), []);
  assert.deepEqual(p.rest, []);
});

test('flags: a boolean with =true (or any other word) is on, =false only turns it off', () => {
  const p = parseFlags(['--force=true', '--no-color=yes', '--color=false'], SPEC);
  assert.deepEqual([...p.bools].sort(), ['--force', '--no-color']);
  assert.deepEqual(p.order, [
    { flag: '--force', value: 'true' },
    { flag: '--no-color', value: 'yes' },
    { flag: '--color', value: 'false' },
  ]);
  const q = parseFlags(['-F', '--', '-F'], SPEC);
  assert.deepEqual([...q.bools], ['--force']);
  assert.deepEqual(q.rest, ['-F']);
  assert.deepEqual(parseFlags(['--'], SPEC).rest, []);
});

test('keyValues: the first = splits; an empty key is refused, an empty value is kept', () => {
  assert.deepEqual(keyValues(['a=', 'b=c=d', 'a=2'], '-o'), { a: '2', b: 'c=d' });
  assert.throws(() => keyValues(['=v'], '-o'), { message: 'invalid -o "=v": use key=value' });
  assert.deepEqual(keyValues([], '-o'), {});
});

test('flags: of three values of a repeated flag the last one wins', () => {
  const p = parseFlags(['--file', 'a', '--file=b', '-f', 'c'], SPEC);
  assert.equal(lastValue(p, '--file'), 'c');
  assert.deepEqual(allValues(p, '--file'), ['a', 'b', 'c']);
});
