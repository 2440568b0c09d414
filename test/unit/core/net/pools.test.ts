import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DEFAULT_LOCAL_POOLS,
  POOLS_EXHAUSTED,
  defaultPoolOverlapping,
  freeSubnet,
  poolSubnets,
  prefixOf,
  prefixesOverlap,
  tryFreeSubnet,
} from '../../../../core/src/net';
import type { Prefix } from '../../../../core/src/net';

test("Docker's default local pools hold 31 subnets, docker0's first", () => {
  const all = poolSubnets();
  assert.equal(all.length, 31);
  assert.equal(all[0], '172.17.0.0/16');
  assert.equal(all[14], '172.31.0.0/16');
  assert.equal(all[15], '192.168.0.0/20');
  assert.equal(all[30], '192.168.240.0/20');
});

test('freeSubnet takes the first free pool in order, as the linear allocator does', () => {
  assert.equal(freeSubnet([]), '172.17.0.0/16');
  assert.equal(freeSubnet(['172.17.0.0/16', '172.18.0.0/16']), '172.19.0.0/16');
  assert.equal(freeSubnet(['172.17.5.0/24']), '172.18.0.0/16', 'a small subnet inside a pool blocks it');
  assert.equal(freeSubnet(['172.16.0.0/12']), '192.168.0.0/20');
  assert.equal(freeSubnet(['172.17.0.0/16'], 24), '172.18.0.0/24', 'a requested size splits the pools');
  assert.equal(freeSubnet(['not a subnet', '172.17.0.0/16']), '172.18.0.0/16', 'garbage reserves nothing');
  assert.equal(freeSubnet([], 64, [{ base: 'fd00::/8', size: 64 }]), 'fd00::/64');
  assert.equal(freeSubnet(['fd00::/16'], 64, [{ base: 'fd00::/8', size: 64 }]), 'fd01::/64');
});

test('freeSubnet reports exhausted pools with the engine text', () => {
  const everything = ['172.16.0.0/12', '192.168.0.0/16'];
  assert.equal(tryFreeSubnet(everything), undefined);
  assert.throws(() => freeSubnet(everything), { message: POOLS_EXHAUSTED });
  assert.equal(tryFreeSubnet([], 8), undefined, 'a prefix larger than every pool fits nowhere');
});

test('defaultPoolOverlapping names the pool a subnet falls in', () => {
  assert.deepEqual(defaultPoolOverlapping(prefixOf('172.18.0.0/16') as Prefix), DEFAULT_LOCAL_POOLS[1]);
  assert.equal(defaultPoolOverlapping(prefixOf('10.5.0.0/16') as Prefix), undefined);
  assert.equal(defaultPoolOverlapping(prefixOf('172.16.0.0/16') as Prefix), undefined);
});

const arbUsed = fc.array(
  fc.oneof(
    fc
      .record({
        a: fc.integer({ min: 16, max: 31 }),
        b: fc.integer({ min: 0, max: 255 }),
        bits: fc.integer({ min: 12, max: 28 }),
      })
      .map(({ a, b, bits }) => `172.${a}.${b}.0/${bits}`),
    fc
      .record({ c: fc.integer({ min: 0, max: 255 }), bits: fc.integer({ min: 16, max: 28 }) })
      .map(({ c, bits }) => `192.168.${c}.0/${bits}`),
  ),
  { maxLength: 40, size: 'max' },
);

test('property: freeSubnet never overlaps anything in used, and is one of the pool subnets', () => {
  // Shares: the first candidate taken (the search must move on), and every candidate taken (exhausted).
  const RUNS = 500;
  const seen = { moved: 0, exhausted: 0 };
  fc.assert(
    fc.property(arbUsed, fc.option(fc.integer({ min: 16, max: 28 }), { nil: undefined }), (used, len) => {
      const found = tryFreeSubnet(used, len);
      if (found !== tryFreeSubnet([], len)) seen.moved++;
      if (found === undefined) {
        seen.exhausted++;
        // Exhausted: then every candidate of that size must be blocked.
        for (const cand of poolSubnets(
          len === undefined ? DEFAULT_LOCAL_POOLS : DEFAULT_LOCAL_POOLS.map((p) => ({ ...p, size: len })),
          1 << 13,
        )) {
          assert.ok(
            used.some((u) => prefixesOverlap(prefixOf(u) as Prefix, prefixOf(cand) as Prefix)),
            cand,
          );
        }
        return;
      }
      const f = prefixOf(found) as Prefix;
      for (const u of used) assert.ok(!prefixesOverlap(prefixOf(u) as Prefix, f), `${found} overlaps ${u}`);
      if (len !== undefined) assert.equal(f.bits, len);
      assert.ok(DEFAULT_LOCAL_POOLS.some((p) => prefixesOverlap(prefixOf(p.base) as Prefix, f)));
    }),
    { numRuns: RUNS },
  );
  assert.ok(
    seen.moved >= RUNS * 0.5,
    `too few samples find the first candidate taken: ${JSON.stringify(seen)}`,
  );
  assert.ok(seen.exhausted >= RUNS * 0.05, `too few samples exhaust the pools: ${JSON.stringify(seen)}`);
  assert.ok(seen.exhausted <= RUNS * 0.6, `too many samples exhaust the pools: ${JSON.stringify(seen)}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`freeSubnet shares: ${JSON.stringify(seen)}`);
});
