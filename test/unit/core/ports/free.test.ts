// Free-port suggestions (core/src/ports/free.ts) on worked examples: the nearest free port above the preferred
// one, then below it, inside [min, max]; FreePortIndex must answer every example the same (written from
// mutation testing: the property tests check that an answer is free, not that it is the nearest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FreePortIndex, freePort, freeRange } from '@switchyard/core';
import type { FreePortOptions, PortRange } from '@switchyard/core';

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** freeRange's answer, checked to be FreePortIndex's too. */
function both(
  used: number[],
  preferred: number,
  count: number,
  options?: FreePortOptions,
): PortRange | undefined {
  const set = new Set(used);
  const r = freeRange(used, preferred, count, options);
  assert.deepEqual(new FreePortIndex((p) => set.has(p)).range(preferred, count, -1, options), r);
  return r;
}

test('free port: the preferred one when free, else the nearest above, else the nearest below', () => {
  assert.equal(freePort([], 8080), 8080);
  assert.equal(freePort([8080, 8081], 8080), 8082);
  assert.equal(freePort(span(8080, 65535), 8080), 8079);
  assert.equal(freePort(new Set([8080]), 8080), 8081);
  assert.equal(freePort({ has: (p) => p >= 3000 }, 3005), 2999);
  assert.deepEqual(both([8080, 8081], 8080, 1), { start: 8082, end: 8082 });
  assert.deepEqual(both(span(8080, 65535), 8080, 1), { start: 8079, end: 8079 });
});

test('free port: privileged ports are offered only when the preferred one is privileged', () => {
  assert.equal(freePort([], 80), 80);
  assert.equal(freePort([80], 80), 81);
  assert.equal(freePort(span(80, 65535), 80), 79);
  assert.equal(freePort(span(1, 65535), 80), undefined);
  assert.equal(freePort([], 1023), 1023);
  assert.equal(freePort(span(1024, 65535), 1024), undefined, 'from 1024 up nothing below 1024 is offered');
  assert.equal(freePort(span(1024, 65535), 1023), 1023);
  assert.equal(freePort(span(1023, 65535), 1023), 1022);
  assert.deepEqual(both(span(1024, 65535), 1023, 2), { start: 1022, end: 1023 });
  assert.equal(both(span(1024, 65535), 1024, 1), undefined);
});

test('free port: min and max bound the answer; a preferred port outside them is moved inside', () => {
  assert.equal(freePort([], 80, { min: 1024 }), 1024);
  assert.equal(freePort([], 70000), 65535);
  assert.equal(freePort([], 5000, { max: 4000 }), 4000);
  assert.equal(freePort([4000], 5000, { max: 4000 }), 3999);
  assert.equal(freePort([1024, 1025], 1024, { min: 1024, max: 1025 }), undefined);
  assert.equal(freePort([1025], 1024, { min: 1024, max: 1025 }), 1024);
  assert.equal(freePort([1024], 1024, { min: 1024, max: 1025 }), 1025);
  assert.equal(freePort([1025], 1025, { min: 1024, max: 1025 }), 1024, 'min itself is offered');
  assert.equal(freePort(span(1025, 65535), 1030), 1024, 'the default floor itself is offered');
  assert.deepEqual(both(span(1025, 65535), 1030, 1), { start: 1024, end: 1024 });
  assert.deepEqual(both(span(1026, 65535), 1030, 2), { start: 1024, end: 1025 });
  assert.deepEqual(both([4000], 5000, 1, { max: 4000 }), { start: 3999, end: 3999 });
  assert.deepEqual(both([], 80, 1, { min: 1024 }), { start: 1024, end: 1024 });
  assert.deepEqual(both([], 1, 1, { min: 1 }), { start: 1, end: 1 });
  assert.deepEqual(both([1, 2], 1, 1, { min: 1, max: 2 }), undefined);
});

test('free range: consecutive ports, above first, then the highest run below; never past max', () => {
  assert.deepEqual(both([8081], 8080, 2), { start: 8082, end: 8083 });
  assert.deepEqual(both([8082], 8080, 2), { start: 8080, end: 8081 });
  assert.deepEqual(both([8082], 8080, 3), { start: 8083, end: 8085 });
  assert.deepEqual(both([], 65535, 2), { start: 65534, end: 65535 });
  assert.deepEqual(both([], 65534, 3), { start: 65533, end: 65535 });
  assert.deepEqual(both([8080], 8080, 2, { max: 8082 }), { start: 8081, end: 8082 });
  assert.deepEqual(both([8080], 8080, 3, { max: 8082 }), { start: 8077, end: 8079 });
  assert.deepEqual(both([8078, 8080], 8080, 3, { max: 8082 }), { start: 8075, end: 8077 });
  assert.deepEqual(both([], 1024, 3, { min: 1024, max: 1025 }), undefined);
  assert.deepEqual(both([], 1024, 2, { min: 1024, max: 1025 }), { start: 1024, end: 1025 });
});

test("FreePortIndex: the asker's own port counts as free for that question only", () => {
  const taken = new Set([8080, 8081]);
  const index = new FreePortIndex((p) => taken.has(p));
  assert.deepEqual(index.range(8080, 1, 8080), { start: 8080, end: 8080 });
  assert.deepEqual(index.range(8080, 1), { start: 8082, end: 8082 });
  assert.deepEqual(index.range(8080, 2, 8081), { start: 8081, end: 8082 });
  assert.deepEqual(index.range(8080, 2), { start: 8082, end: 8083 });
  assert.deepEqual(index.range(8079, 2, 8080), { start: 8079, end: 8080 });
  const high = new FreePortIndex((p) => p >= 8000);
  assert.deepEqual(high.range(8000, 1, 8000), { start: 8000, end: 8000 });
  assert.deepEqual(high.range(8005, 2, 8000), { start: 7999, end: 8000 });
  assert.deepEqual(high.range(8005, 1, 8005), { start: 8005, end: 8005 });
  assert.deepEqual(high.range(9000, 1, 8500), { start: 8500, end: 8500 });
});

// Only guards against a hang (a mutant that loops forever); nothing here asserts on time.
const HANG_GUARD = { timeout: 60_000 };

test(
  'FreePortIndex: with port 0 allowed and taken, a search that runs down to it ends (no endless loop)',
  HANG_GUARD,
  () => {
    const taken = new Set([0, ...span(2, 65535)]);
    const index = new FreePortIndex((p) => taken.has(p));
    assert.equal(index.range(2, 2, -1, { min: 0 }), undefined);
    assert.deepEqual(index.range(2, 1, -1, { min: 0 }), { start: 1, end: 1 });
    assert.equal(freeRange(taken, 2, 2, { min: 0 }), undefined);
    assert.deepEqual(index.range(0, 1, -1, { min: 0 }), { start: 1, end: 1 });
    assert.deepEqual(both([1], 0, 1, { min: 0 }), { start: 0, end: 0 });
    assert.deepEqual(both([0], 0, 1, { min: 0 }), { start: 1, end: 1 });
  },
);
