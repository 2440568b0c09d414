import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  broadcastAddress,
  canonicalSubnet,
  contains,
  containsPrefix,
  firstHost,
  firstFreeAddress,
  formatAddr,
  formatPrefix,
  isMasked,
  masked,
  networkAddress,
  parsePrefix,
  prefixOf,
  prefixesOverlap,
  usableCount,
} from '../../../../core/src/net';
import type { Prefix } from '../../../../core/src/net';

test('parsePrefix fails with Go netip.ParsePrefix texts', () => {
  const cases: [string, string][] = [
    ['172.28.0.0', `netip.ParsePrefix("172.28.0.0"): no '/'`],
    ['172.28.0.0/x', 'netip.ParsePrefix("172.28.0.0/x"): bad bits after slash: "x"'],
    ['172.28.0.0/016', 'netip.ParsePrefix("172.28.0.0/016"): bad bits after slash: "016"'],
    ['172.28.0.0/+8', 'netip.ParsePrefix("172.28.0.0/+8"): bad bits after slash: "+8"'],
    ['172.28.0.0/', 'netip.ParsePrefix("172.28.0.0/"): bad bits after slash: ""'],
    ['172.28.0.0/33', 'netip.ParsePrefix("172.28.0.0/33"): prefix length out of range'],
    ['fd00::/129', 'netip.ParsePrefix("fd00::/129"): prefix length out of range'],
    ['fe80::%eth0/64', 'netip.ParsePrefix("fe80::%eth0/64"): IPv6 zones cannot be present in a prefix'],
    ['10.0.0.256/8', 'netip.ParsePrefix("10.0.0.256/8"): ParseAddr("10.0.0.256"): IPv4 field has value >255'],
  ];
  for (const [input, want] of cases) {
    const r = parsePrefix(input);
    assert.equal(r.ok ? 'parsed' : r.error, want, input);
  }
});

test('network, broadcast, first host and usable counts follow Docker', () => {
  const p = prefixOf('172.28.5.1/16') as Prefix;
  assert.equal(formatPrefix(p), '172.28.5.1/16', 'Go prints a prefix as written');
  assert.equal(formatAddr(networkAddress(p)), '172.28.0.0');
  assert.equal(formatAddr(broadcastAddress(p) ?? networkAddress(p)), '172.28.255.255');
  assert.equal(formatAddr(firstHost(p)), '172.28.0.1');
  assert.equal(usableCount(p), 65534n);
  const v6 = prefixOf('fd00:1::/64') as Prefix;
  assert.equal(broadcastAddress(v6), undefined, 'IPv6 has no broadcast');
  assert.equal(usableCount(v6), (1n << 64n) - 1n);
  assert.equal(usableCount(prefixOf('10.0.0.0/31') as Prefix), 2n, '/31 reserves nothing');
  assert.equal(usableCount(prefixOf('10.0.0.7/32') as Prefix), 1n);
  assert.equal(canonicalSubnet('2001:DB8:0:0::1/64'), '2001:db8::/64');
});

const arbPrefix = fc.oneof(
  fc
    .record({ v: fc.bigInt({ min: 0n, max: 0xffffffffn }), bits: fc.integer({ min: 0, max: 32 }) })
    .map(({ v, bits }): Prefix => ({ addr: { family: 4, value: v }, bits })),
  fc
    .record({ v: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), bits: fc.integer({ min: 0, max: 128 }) })
    .map(({ v, bits }): Prefix => ({ addr: { family: 6, value: v }, bits })),
);

test('property: masking is idempotent and masked prefixes contain their own address', () => {
  fc.assert(
    fc.property(arbPrefix, (p) => {
      const m = masked(p);
      assert.deepEqual(masked(m), m);
      assert.ok(isMasked(m));
      assert.ok(contains(m, p.addr));
      assert.equal(isMasked(p), m.addr.value === p.addr.value);
    }),
    { numRuns: 2000 },
  );
});

test('property: overlap is symmetric and equals containment one way or the other', () => {
  fc.assert(
    fc.property(arbPrefix, arbPrefix, (a, b) => {
      const o = prefixesOverlap(a, b);
      assert.equal(o, prefixesOverlap(b, a));
      const ma = masked(a);
      const mb = masked(b);
      assert.equal(o, containsPrefix(ma, mb) || containsPrefix(mb, ma));
      if (a.addr.family !== b.addr.family) assert.equal(o, false);
    }),
    { numRuns: 3000 },
  );
});

test('property: nearby prefixes of one family overlap exactly when containment says so', () => {
  // Small random values make overlaps frequent enough for the property to bite.
  const near = fc
    .record({ v: fc.bigInt({ min: 0n, max: 255n }), bits: fc.integer({ min: 24, max: 32 }) })
    .map(({ v, bits }): Prefix => ({ addr: { family: 4, value: 0x0a000000n + v }, bits }));
  fc.assert(
    fc.property(near, near, (a, b) => {
      const shorter = a.bits <= b.bits ? masked(a) : masked(b);
      const other = a.bits <= b.bits ? b : a;
      assert.equal(prefixesOverlap(a, b), contains(shorter, other.addr));
    }),
    { numRuns: 3000 },
  );
});

test('property: parse and format round-trip for every prefix', () => {
  fc.assert(
    fc.property(arbPrefix, (p) => {
      const r = parsePrefix(formatPrefix(p));
      assert.ok(r.ok);
      assert.equal(r.value.bits, p.bits);
      assert.equal(r.value.addr.value, p.addr.value);
    }),
    { numRuns: 2000 },
  );
});

test('firstFreeAddress skips reserved, taken and the dynamic range', () => {
  const p = prefixOf('10.5.0.0/24') as Prefix;
  const a = (s: string) => {
    const r = prefixOf(`${s}/32`) as Prefix;
    return r.addr;
  };
  const show = (x: ReturnType<typeof firstFreeAddress>) => (x ? formatAddr(x) : 'none');
  assert.equal(show(firstFreeAddress(p, [])), '10.5.0.1');
  assert.equal(show(firstFreeAddress(p, [a('10.5.0.1'), a('10.5.0.2')])), '10.5.0.3');
  assert.equal(show(firstFreeAddress(p, [a('10.5.0.1')], prefixOf('10.5.0.0/25'))), '10.5.0.128');
  assert.equal(
    show(firstFreeAddress(prefixOf('10.5.0.0/30') as Prefix, [a('10.5.0.1'), a('10.5.0.2')])),
    'none',
  );
  assert.equal(show(firstFreeAddress(prefixOf('fd00::/64') as Prefix, [])), 'fd00::1');
});

test('property: firstFreeAddress lies in the subnet and avoids everything it was told to', () => {
  // Taken offsets crowd the start of the subnet (where the search begins), so most samples make it skip
  // taken addresses and some find the subnet full; a few reach past the subnet's end and must be ignored.
  const RUNS = 500;
  const seen = { skipped: 0, full: 0 };
  fc.assert(
    fc.property(
      fc.integer({ min: 22, max: 30 }),
      fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 1023 })), {
        maxLength: 40,
        size: 'max',
      }),
      (bits, offsets) => {
        const p = prefixOf(`10.9.0.0/${bits}`) as Prefix;
        const taken = offsets.map((o) => ({ family: 4 as const, value: p.addr.value + BigInt(o) }));
        const got = firstFreeAddress(p, taken);
        if (!got) {
          seen.full++;
          return;
        }
        if (got.value !== p.addr.value + 1n) seen.skipped++;
        assert.ok(contains(p, got));
        assert.ok(!taken.some((t) => t.value === got.value));
        assert.notEqual(got.value, p.addr.value, 'never the network address');
      },
    ),
    { numRuns: RUNS },
  );
  assert.ok(seen.skipped >= RUNS * 0.3, `too few samples skip a taken address: ${JSON.stringify(seen)}`);
  assert.ok(seen.full >= 1, `no sample finds the subnet full: ${JSON.stringify(seen)}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`firstFreeAddress shares: ${JSON.stringify(seen)}`);
});
