import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrOf, formatAddr, isLoopbackHost, parseAddr } from '../../../../core/src/net';

const failure = (s: string): string => {
  const r = parseAddr(s);
  assert.equal(r.ok, false, `${s} should not parse`);
  return r.ok ? '' : r.error;
};

test('parseAddr fails with the reasons Go netip gives', () => {
  const cases: [string, string][] = [
    ['x', 'ParseAddr("x"): unable to parse IP'],
    ['', 'ParseAddr(""): unable to parse IP'],
    ['172.16.238.300', 'ParseAddr("172.16.238.300"): IPv4 field has value >255'],
    ['1.2.3', 'ParseAddr("1.2.3"): IPv4 address too short'],
    ['1.2.3.4.5', 'ParseAddr("1.2.3.4.5"): IPv4 address too long'],
    ['01.2.3.4', 'ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero'],
    ['1..2.3', 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")'],
    ['1.2.3.x', 'ParseAddr("1.2.3.x"): unexpected character (at "x")'],
    ['%eth0', 'ParseAddr("%eth0"): missing IPv6 address'],
    ['fe80::1%', 'ParseAddr("fe80::1%"): zone must be a non-empty string'],
    ['1::2::3', 'ParseAddr("1::2::3"): multiple :: in address (at ":3")'],
    ['12345::', 'ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")'],
    ['1:2:3:4:5:6:7', 'ParseAddr("1:2:3:4:5:6:7"): address string too short'],
    ['1:2:3:4:5:6:7::8', 'ParseAddr("1:2:3:4:5:6:7::8"): the :: must expand to at least one field of zeros'],
    ['1:2:3:4:5:6:7:8:9', 'ParseAddr("1:2:3:4:5:6:7:8:9"): trailing garbage after address (at "9")'],
    ['1:', 'ParseAddr("1:"): colon must be followed by more characters (at ":")'],
    [
      '1:2:1.2.3.4',
      'ParseAddr("1:2:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")',
    ],
    ['a"b.1', 'ParseAddr("a\\"b.1"): unexpected character (at "a\\"b.1")'],
  ];
  for (const [input, want] of cases) assert.equal(failure(input), want, input);
});

test('addresses format as Go prints them (RFC 5952)', () => {
  const cases: [string, string][] = [
    ['10.0.0.1', '10.0.0.1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8::', '2001:db8::'],
    ['::', '::'],
    ['::1', '::1'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
    ['::1.2.3.4', '::102:304'],
  ];
  for (const [input, want] of cases) {
    const a = addrOf(input);
    assert.ok(a, input);
    assert.equal(formatAddr(a), want);
  }
  assert.equal(addrOf('::ffff:10.1.2.3')?.family, 6, 'IPv4-mapped stays IPv6, as netip says');
});

test('property: formatting then parsing gives the same address', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.boolean(), (v, v4) => {
      const a = v4 ? { family: 4 as const, value: v & 0xffffffffn } : { family: 6 as const, value: v };
      const back = addrOf(formatAddr(a));
      assert.ok(back);
      assert.equal(back.family, a.family);
      assert.equal(back.value, a.value);
    }),
    { numRuns: 2000 },
  );
});

/**
 * Address-like texts: an IPv4 or IPv6 address (with or without `::`, sometimes with an IPv4 tail), each
 * sometimes spoiled by a bad group, a zone, a prefix length or junk.
 */
const v4Text = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4, size: 'max' })
  .map((g) => g.join('.'));
const v6Text = fc
  .tuple(
    fc.array(
      fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)),
      { minLength: 0, maxLength: 8, size: 'max' },
    ),
    fc.nat(8),
    fc.boolean(),
    v4Text,
  )
  .map(([groups, cut, v4tail, tail]) => {
    const gs = v4tail ? [...groups.slice(0, 6), tail] : groups;
    const width = v4tail ? 7 : 8;
    if (gs.length >= width) return gs.join(':');
    const at = Math.min(cut, gs.length);
    return `${gs.slice(0, at).join(':')}::${gs.slice(at).join(':')}`;
  });
const spoil = fc.constantFrom(
  (t: string) => `${t}%eth0`,
  (t: string) => `${t}%`,
  (t: string) => `${t}/64`,
  (t: string) => ` ${t}`,
  (t: string) => t.replace(/[0-9a-f]+$/, '1ffff'),
  (t: string) => t.replace(/[0-9]+/, '256'),
  (t: string) => t.replace(/:/, ':::'),
  (t: string) => `${t}:1`,
);
const addressLike = fc
  .tuple(fc.oneof(v4Text, v6Text), fc.option(spoil, { nil: undefined, freq: 2 }))
  .map(([t, f]) => (f ? f(t) : t));

test('property: parseAddr never throws, whatever the text', () => {
  const RUNS = 3000;
  let ok = 0;
  fc.assert(
    fc.property(
      fc.oneof(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.%/x '), maxLength: 45, size: 'max' }),
        addressLike,
      ),
      (s) => {
        const r = parseAddr(s);
        if (r.ok) ok++;
        else assert.match(r.error, /^ParseAddr\(".*"\): /);
      },
    ),
    { numRuns: RUNS },
  );
  // Both outcomes are exercised, the success path (with its IPv4 and IPv6 branches) in a good share.
  assert.ok(ok >= RUNS * 0.2 && ok <= RUNS * 0.8, `${ok} of ${RUNS} texts parsed`);
  if (process.env['SWITCHYARD_FUZZ_STATS']) console.log(`parseAddr: ${ok} of ${RUNS} texts parsed`);
});

test('isLoopbackHost: localhost, 127.0.0.0/8 and ::1 (bracketed too); nothing else', () => {
  for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.9.8.7', '::1', '[::1]', '0:0::1'])
    assert.equal(isLoopbackHost(h), true, h);
  for (const h of ['128.0.0.1', '127.foo', '10.0.0.1', '::2', 'fe80::1%lo', 'etcd.local', ''])
    assert.equal(isLoopbackHost(h), false, h);
});
