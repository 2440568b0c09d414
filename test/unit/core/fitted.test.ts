// fitted(): a short list comes back as a copy at its exact length (so the builder's spare room is freed), a
// longer one as it is (copying it would cost time for no memory won).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitted } from '@switchyard/core';

test('fitted: up to 16 entries a new array with the same entries, from 17 on the array itself', () => {
  for (const n of [0, 1, 3, 16]) {
    const list = Array.from({ length: n }, (_, i) => i);
    const out = fitted(list);
    assert.notEqual(out, list, `${n} entries: a copy`);
    assert.deepEqual(out, list);
  }
  for (const n of [17, 100]) {
    const list = Array.from({ length: n }, (_, i) => i);
    assert.equal(fitted(list), list, `${n} entries: the same array`);
  }
});
