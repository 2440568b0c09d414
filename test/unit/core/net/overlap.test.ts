import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { overlaps, prefixOf, prefixesOverlap } from '../../../../core/src/net';
import type { OverlapNetworkInput, Prefix } from '../../../../core/src/net';

const n = (
  name: string,
  subnets: (string | [string, string])[],
  extra: Partial<OverlapNetworkInput<string>> = {},
) => ({
  name,
  configs: subnets.map((s) =>
    typeof s === 'string'
      ? { subnet: { value: s, at: `${name}:${s}` } }
      : { subnet: { value: s[0], at: `${name}:${s[0]}` }, ipRange: { value: s[1], at: `${name}:range` } },
  ),
  ...extra,
});

test('two networks overlapping: error at the later one, the earlier as related, a free subnet as fix', () => {
  const [f, ...rest] = overlaps([n('a', ['10.1.0.0/16']), n('b', ['10.1.2.0/24'])]);
  assert.equal(rest.length, 0);
  assert.ok(f);
  assert.equal(f.code, 'NET036');
  assert.equal(f.severity, 'error');
  assert.equal(f.at, 'b:10.1.2.0/24');
  assert.equal(
    f.message,
    'Pool overlaps with other one on this address space: subnet 10.1.2.0/24 of network "b" overlaps 10.1.0.0/16 of network "a"; use a free subnet such as 10.128.0.0/24',
  );
  assert.deepEqual(f.related, [{ at: 'a:10.1.0.0/16', message: 'network "a" has subnet 10.1.0.0/16' }]);
  assert.deepEqual(f.fix, { kind: 'replace', title: 'Use free subnet 10.128.0.0/24', text: '10.128.0.0/24' });
});

test('the ip_range exception: a warning, except an identical subnet and ip_range pair', () => {
  const one = overlaps([n('a', ['10.1.0.0/16']), n('b', [['10.1.0.0/16', '10.1.1.0/24']])]);
  assert.deepEqual(
    one.map((f) => f.severity),
    ['warning'],
  );
  const diff = overlaps([n('a', [['10.1.0.0/16', '10.1.2.0/24']]), n('b', [['10.1.0.0/16', '10.1.1.0/24']])]);
  assert.deepEqual(
    diff.map((f) => f.severity),
    ['warning'],
  );
  const same = overlaps([n('a', [['10.1.0.0/16', '10.1.1.0/24']]), n('b', [['10.1.0.0/16', '10.1.1.0/24']])]);
  assert.deepEqual(
    same.map((f) => f.severity),
    ['error'],
  );
});

test('within one network, across address spaces, families and IPv6 off', () => {
  const self = overlaps([n('a', ['10.1.0.0/16', '10.1.5.0/24'])]);
  assert.match(self[0]?.message ?? '', /overlaps its other subnet 10\.1\.0\.0\/16/);
  assert.deepEqual(overlaps([n('a', ['10.1.0.0/16']), n('b', ['10.1.0.0/16'], { driver: 'overlay' })]), []);
  assert.deepEqual(overlaps([n('a', ['10.1.0.0/16']), n('b', ['fd00::/64'])]), []);
  const v6 = overlaps([
    n('a', ['fd00::/48'], { enableIpv6: true }),
    n('b', ['fd00:0:0:1::/64'], { enableIpv6: true }),
  ]);
  assert.equal(v6[0]?.fix?.kind === 'replace' ? v6[0].fix.text : '', 'fd00:0:1::/64');
  assert.deepEqual(overlaps([n('a', ['fd00::/48']), n('b', ['fd00::/64'], { enableIpv6: false })]), []);
  assert.deepEqual(overlaps([n('a', ['10.1.0.0/16']), n('b', ['garbage', '10.2.0.0/16'])]), []);
});

test('the suggestion avoids subnets taken elsewhere', () => {
  const [f] = overlaps([n('a', ['10.1.0.0/16']), n('b', ['10.1.0.0/16'])], { alsoUsed: ['10.128.0.0/16'] });
  assert.equal(f?.fix?.kind === 'replace' ? f.fix.text : '', '10.129.0.0/16');
});

test('property: one finding per subnet that overlaps an earlier one, and its fix overlaps nothing', () => {
  const sub = fc
    .record({ b: fc.integer({ min: 0, max: 7 }), bits: fc.integer({ min: 14, max: 24 }) })
    .map(({ b, bits }) => `10.${b * 32}.0.0/${bits}`);
  const RUNS = 500;
  const seen = { clashing: 0, fixed: 0 };
  fc.assert(
    fc.property(fc.array(sub, { minLength: 1, maxLength: 8, size: 'max' }), (subs) => {
      const nets = subs.map((s, i) => n(`n${i}`, [s]));
      const ps = subs.map((s) => prefixOf(s) as Prefix);
      const clashing = ps.filter((p, i) => ps.slice(0, i).some((q) => prefixesOverlap(p, q))).length;
      const found = overlaps(nets);
      assert.equal(found.length, clashing);
      if (clashing > 0) seen.clashing++;
      if (found.some((f) => f.fix?.kind === 'replace')) seen.fixed++;
      for (const f of found) {
        if (f.fix?.kind !== 'replace') continue;
        const fix = prefixOf(f.fix.text) as Prefix;
        for (const p of ps) assert.ok(!prefixesOverlap(p, fix));
      }
    }),
    { numRuns: RUNS },
  );
  // Most samples hold a clash (the property counts them) and offer a fix (the property checks it).
  assert.ok(seen.clashing >= RUNS * 0.4, `too few samples with an overlap: ${JSON.stringify(seen)}`);
  assert.ok(seen.fixed >= RUNS * 0.3, `too few samples with a suggested subnet: ${JSON.stringify(seen)}`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`overlap shares: ${JSON.stringify(seen)}`);
});

test('a subnet overlapping several earlier ones is one finding, the refused pair first among related', () => {
  const got = overlaps([
    n('a', [['10.1.0.0/16', '10.1.1.0/24']]),
    n('b', ['10.1.2.0/24']),
    n('c', ['10.1.0.0/16']),
  ]);
  assert.deepEqual(
    got.map((f) => `${f.at} ${f.severity}`),
    ['b:10.1.2.0/24 warning', 'c:10.1.0.0/16 error'],
  );
  assert.deepEqual(
    got[1]?.related?.map((r) => r.at),
    ['b:10.1.2.0/24', 'a:10.1.0.0/16'],
  );
  assert.match(got[1]?.message ?? '', /overlaps 10\.1\.2\.0\/24 of network "b" \(and 1 more\)/);
});

test('order decides which side of a pair is the later one', () => {
  const nets = [n('a', ['10.1.0.0/16']), n('b', ['10.1.2.0/24'])];
  const reversed = overlaps(nets, { order: (x, y) => (x < y ? 1 : x > y ? -1 : 0) });
  assert.deepEqual(
    reversed.map((f) => f.at),
    ['a:10.1.0.0/16'],
  );
});
