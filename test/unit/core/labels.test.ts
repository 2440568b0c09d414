// Docker's `--filter label=KEY` / `label=KEY=VALUE` reading, shared by the engine's prune and `ls` filters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesLabel } from '@switchyard/core';

const labels = { 'com.example.team': 'net', empty: '', 'a=b': 'x', 'with=sign': 'v=1' };

test('label=KEY matches when the key is set, whatever its value (even empty)', () => {
  assert.equal(matchesLabel(labels, 'com.example.team'), true);
  assert.equal(matchesLabel(labels, 'empty'), true);
  assert.equal(matchesLabel(labels, 'com.example'), false, 'a prefix of a key is not the key');
  assert.equal(matchesLabel({}, 'com.example.team'), false);
});

test('label=KEY=VALUE matches the exact value; the first = splits key from value', () => {
  assert.equal(matchesLabel(labels, 'com.example.team=net'), true);
  assert.equal(matchesLabel(labels, 'com.example.team=ne'), false);
  assert.equal(matchesLabel(labels, 'com.example.team=network'), false);
  assert.equal(matchesLabel(labels, 'com.example.team='), false);
  assert.equal(matchesLabel(labels, 'empty='), true);
  assert.equal(matchesLabel(labels, 'with=sign'), false, 'key "with" is not set');
  assert.equal(matchesLabel({ with: 'sign' }, 'with=sign'), true);
  assert.equal(matchesLabel({ k: 'v=1' }, 'k=v=1'), true, 'the value keeps its own =');
  assert.equal(matchesLabel({ '': 'v' }, '=v'), true, 'an = in first place splits off an empty key');
  assert.equal(matchesLabel({ '=v': '' }, '=v'), false);
  assert.equal(matchesLabel({ '': 'x' }, '=v'), false, 'the empty key with another value');
});

test('only own labels count, not names inherited by every object', () => {
  assert.equal(matchesLabel({}, 'constructor'), false);
  assert.equal(matchesLabel({}, 'toString'), false);
  assert.equal(matchesLabel({}, '__proto__'), false);
});
