import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoByText, NodeMemo } from '@switchyard/core';

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

test('NodeMemo keeps a value per object, apart per memo, unseen by copies, JSON and deep equality', () => {
  const a = new NodeMemo<object, string>();
  const b = new NodeMemo<object, number>();
  const key = { kind: 'map', entries: [] as unknown[] };
  const twin = { kind: 'map', entries: [] as unknown[] };
  assert.equal(a.get(key), undefined);
  assert.equal(a.has(key), false);
  a.set(key, 'one');
  b.set(key, 2);
  assert.equal(a.get(key), 'one');
  assert.equal(b.get(key), 2);
  assert.equal(a.get(twin), undefined, 'an equal object is another key');
  a.set(key, 'again');
  assert.equal(a.get(key), 'again');
  assert.deepEqual(key, twin, 'deep equality does not see the memo');
  assert.equal(JSON.stringify(key), JSON.stringify(twin));
  assert.equal(a.get({ ...key }), undefined, 'a copy carries no memo');
  assert.deepEqual(Object.keys(key), ['kind', 'entries']);
  assert.equal(a.delete(key), true);
  assert.equal(a.has(key), false);
  assert.equal(a.delete(key), false);
  assert.equal(b.get(key), 2, 'deleting from one memo leaves the other');
});
