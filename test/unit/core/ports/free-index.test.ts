import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FreePortIndex, freeRange } from '@switchyard/core';

// Taken ports in clusters (runs and gaps of every length, near the edges of the port space too).
const takenPorts = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 3000 })), { maxLength: 12 })
  .map((runs) => {
    const set = new Set<number>();
    for (const [start, len] of runs) for (let p = start; p <= Math.min(start + len, 65535); p++) set.add(p);
    return set;
  });

test('FreePortIndex answers exactly what freeRange answers, also with one taken port counted free', () => {
  fc.assert(
    fc.property(
      takenPorts,
      fc.integer({ min: 0, max: 65535 }),
      fc.integer({ min: 1, max: 40 }),
      fc.boolean(),
      (taken, preferred, count, ownFree) => {
        const index = new FreePortIndex((p) => taken.has(p));
        const own = ownFree ? preferred : -1;
        const used = { has: (p: number) => p !== own && taken.has(p) };
        assert.deepEqual(index.range(preferred, count, own), freeRange(used, preferred, count));
      },
    ),
    { numRuns: 200 },
  );
});

test('FreePortIndex: every port taken gives nothing; one free port at either end is found', () => {
  assert.equal(new FreePortIndex(() => true).range(8080, 1), undefined);
  assert.deepEqual(new FreePortIndex((p) => p !== 65535).range(8080, 1), { start: 65535, end: 65535 });
  assert.deepEqual(new FreePortIndex((p) => p !== 1024).range(8080, 1), { start: 1024, end: 1024 });
  assert.deepEqual(new FreePortIndex(() => true).range(8080, 1, 8080), { start: 8080, end: 8080 });
});
