import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  broadcastAddress,
  canonicalSubnet,
  contains,
  containsPrefix,
  firstHost,
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
