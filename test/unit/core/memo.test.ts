import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByText } from '@switchyard/core';

test('memoByText parses a text once, shares the result, and starts afresh past its limit', () => {
  const calls: string[] = [];
  const parse = memoByText((t) => {
    calls.push(t);
    return { t };
  }, 2);
  const a = parse('a');
  assert.equal(parse('a'), a, 'the same object for the same text');
  parse('b');
  assert.deepEqual(calls, ['a', 'b']);
  parse('c'); // the third text: the memory is cleared first
  assert.notEqual(parse('a'), a, 'parsed again after the clear');
  assert.deepEqual(calls, ['a', 'b', 'c', 'a']);
});

test('memoByText keeps every text up to its limit: no text is parsed twice before the memory is full', () => {
  const calls: string[] = [];
  const parse = memoByText((t) => {
    calls.push(t);
    return t.length;
  }, 3);
  for (const t of ['a', 'bb', 'ccc', 'a', 'bb', 'ccc']) parse(t);
  assert.deepEqual(calls, ['a', 'bb', 'ccc']);
  assert.equal(parse('dddd'), 4);
  assert.equal(parse('a'), 1);
  assert.deepEqual(calls, ['a', 'bb', 'ccc', 'dddd', 'a']);
});
