// Go's netip.ParseAddr and ParsePrefix on the corners Docker users hit: the exact failure texts (Docker prints
// them), embedded IPv4 in IPv6, zones, hex digits of either case, and the bits after the slash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contains,
  containsPrefix,
  firstFreeAddress,
  firstHost,
  formatAddr,
  parseAddr,
  parsePrefix,
  reservedAddresses,
  sameAddr,
  samePrefix,
} from '../../../../core/src/net';

const read = (s: string): string => {
  const r = parseAddr(s);
  return r.ok ? formatAddr(r.value) : r.error;
};

test('ParseAddr: IPv4 fields, and the texts for an empty field at the start, the end or between dots', () => {
  assert.equal(read('.1.2.3'), 'ParseAddr(".1.2.3"): IPv4 field must have at least one digit (at ".1.2.3")');
  assert.equal(read('1.2.3.'), 'ParseAddr("1.2.3."): IPv4 field must have at least one digit (at ".")');
  assert.equal(read('1..2.3'), 'ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")');
  assert.equal(read('1.2.3.4.5'), 'ParseAddr("1.2.3.4.5"): IPv4 address too long');
});

test('ParseAddr: hex digits 0-9, a-f and A-F only, printed lower-case', () => {
  assert.equal(read('AF09:fa90::'), 'af09:fa90::');
  assert.equal(read('A::F'), 'a::f');
  assert.equal(read('0::9'), '::9');
  assert.equal(
    read('1::g'),
    'ParseAddr("1::g"): each colon-separated field must have at least one digit (at "g")',
  );
  assert.equal(
    read('G::1'),
    'ParseAddr("G::1"): each colon-separated field must have at least one digit (at "G::1")',
  );
  assert.equal(
    read('1::G'),
    'ParseAddr("1::G"): each colon-separated field must have at least one digit (at "G")',
  );
  assert.equal(
    read('1::@'),
    'ParseAddr("1::@"): each colon-separated field must have at least one digit (at "@")',
  );
  assert.equal(
    read('1:2:3:4:5:6:7:8x'),
    'ParseAddr("1:2:3:4:5:6:7:8x"): unexpected character, want colon (at "x")',
  );
});

test('ParseAddr: an embedded IPv4 address replaces exactly the last two fields', () => {
  assert.equal(read('1:2:3:4:5:6:1.2.3.4'), '1:2:3:4:5:6:102:304');
  assert.equal(read('1:2:3:4:5::1.2.3.4'), '1:2:3:4:5:0:102:304');
  assert.equal(read('::1.2.3.4'), '::102:304');
  assert.equal(read('::ffff:10.5.0.5'), '::ffff:10.5.0.5');
  assert.equal(
    read('1:2:3:4:5:6:7:1.2.3.4'),
    'ParseAddr("1:2:3:4:5:6:7:1.2.3.4"): embedded IPv4 address must replace the final 2 fields of the address (at "1.2.3.4")',
  );
  assert.equal(
    read('1:2:3:4:5:6:7::1.2.3.4'),
    'ParseAddr("1:2:3:4:5:6:7::1.2.3.4"): too many hex fields to fit an embedded IPv4 at the end of the address (at "1.2.3.4")',
  );
  assert.equal(
    read('1:2:3:4:5:6:1.2.3.4%z9'),
    '1:2:3:4:5:6:102:304%z9',
    'the zone is not part of the IPv4 text',
  );
  assert.equal(read('::1.2.3.4%eth0'), '::102:304%eth0');
});

test('ParseAddr: one :: at most, wherever it is', () => {
  assert.equal(read('::'), '::');
  assert.equal(
    read(':1:2::3'),
    'ParseAddr(":1:2::3"): each colon-separated field must have at least one digit (at ":1:2::3")',
    'one leading colon is not ::',
  );
  assert.equal(
    read('::1:2:3:4:5:6:7:8'),
    'ParseAddr("::1:2:3:4:5:6:7:8"): the :: must expand to at least one field of zeros',
  );
  assert.equal(
    read('1:2:3:4:5:6:7:8::'),
    'ParseAddr("1:2:3:4:5:6:7:8::"): the :: must expand to at least one field of zeros',
  );
  assert.equal(read('::1::2'), 'ParseAddr("::1::2"): multiple :: in address (at ":2")');
  assert.equal(read('1:2::3::4'), 'ParseAddr("1:2::3::4"): multiple :: in address (at ":4")');
  assert.equal(read('1:0:0:2:0:0:0:3'), '1:0:0:2::3', 'the longest run of zero fields becomes ::');
  assert.equal(read('0:0:1::'), '0:0:1::');
});

test('sameAddr: an IPv4 address is not the IPv6 address with the same number', () => {
  const [v6, v4] = [parseAddr('::1.2.3.4'), parseAddr('1.2.3.4')];
  assert.ok(v6.ok && v4.ok);
  assert.equal(v6.value.value, v4.value.value, 'the same 32-bit value');
  assert.equal(sameAddr(v6.value, v4.value), false);
});

test('ParsePrefix: the bits after the slash are digits only, no sign or leading zero, within int64', () => {
  const read6 = (s: string) => {
    const r = parsePrefix(s);
    return r.ok ? 'ok' : r.error;
  };
  assert.equal(read6('/24'), 'netip.ParsePrefix("/24"): ParseAddr(""): unable to parse IP');
  for (const bits of ['1x5', '24x', ' 24', '+8', '-1', '08', '00', 'x']) {
    assert.equal(
      read6(`10.0.0.0/${bits}`),
      `netip.ParsePrefix("10.0.0.0/${bits}"): bad bits after slash: "${bits}"`,
    );
  }
  assert.equal(
    read6('10.0.0.0/99999999999999999999'),
    'netip.ParsePrefix("10.0.0.0/99999999999999999999"): bad bits after slash: "99999999999999999999"',
    'beyond int64 strconv.Atoi fails: bad bits, not out of range',
  );
  assert.equal(
    read6('10.0.0.0/9223372036854775807'),
    'netip.ParsePrefix("10.0.0.0/9223372036854775807"): prefix length out of range',
  );
  assert.equal(read6('10.0.0.0/0'), 'ok');
  assert.equal(read6('::/128'), 'ok');
  assert.equal(read6('::/129'), 'netip.ParsePrefix("::/129"): prefix length out of range');
});

const pfx = (s: string) => {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
};
const ip = (s: string) => {
  const r = parseAddr(s);
  assert.ok(r.ok, s);
  return r.value;
};

test("Docker's reserved addresses and first host: IPv4 /31 and /32 reserve nothing, IPv6 only the network", () => {
  const show = (s: string) => reservedAddresses(pfx(s)).map(formatAddr).join(' ');
  assert.equal(show('10.0.0.0/30'), '10.0.0.0 10.0.0.3');
  assert.equal(show('10.0.0.0/31'), '');
  assert.equal(show('10.0.0.7/32'), '');
  assert.equal(show('fd00::/64'), 'fd00::');
  assert.equal(show('fd00::/127'), 'fd00::');
  assert.equal(show('fd00::1/128'), 'fd00::1');
  const first = (s: string) => formatAddr(firstHost(pfx(s)));
  assert.equal(first('10.0.0.0/30'), '10.0.0.1');
  assert.equal(first('10.0.0.0/31'), '10.0.0.0');
  assert.equal(first('10.0.0.7/32'), '10.0.0.7');
  assert.equal(first('fd00::/127'), 'fd00::1');
  assert.equal(first('fd00::5/128'), 'fd00::5');
});

test('contains, containsPrefix, samePrefix: family, zone and length all count', () => {
  assert.equal(
    contains(pfx('fe80::/64'), ip('fe80::1%eth0')),
    false,
    'an address with a zone is in no prefix',
  );
  assert.equal(contains(pfx('fe80::/64'), ip('fe80::1')), true);
  assert.equal(contains(pfx('0.0.0.0/0'), ip('::1')), false);
  assert.equal(containsPrefix(pfx('10.0.0.0/8'), pfx('10.1.0.0/16')), true);
  assert.equal(
    containsPrefix(pfx('10.0.0.0/16'), pfx('10.0.0.0/8')),
    false,
    'a longer prefix holds no shorter one',
  );
  assert.equal(samePrefix(pfx('1.2.3.4/32'), pfx('::102:304/32')), false, 'same number, other family');
  assert.equal(samePrefix(pfx('10.0.0.0/8'), pfx('10.0.0.0/16')), false);
  assert.equal(samePrefix(pfx('10.0.0.0/8'), pfx('10.0.0.0/8')), true);
});

test('firstFreeAddress: taken addresses of the other family do not count; it looks at most at `limit`', () => {
  const free = (s: string, taken: string[], limit?: number) => {
    const r = firstFreeAddress(pfx(s), taken.map(ip), undefined, limit);
    return r ? formatAddr(r) : undefined;
  };
  assert.equal(free('10.0.0.0/24', ['::a00:1']), '10.0.0.1');
  assert.equal(free('10.0.0.0/24', ['10.0.0.1', '10.0.0.2'], 3), undefined);
  assert.equal(free('10.0.0.0/24', ['10.0.0.1', '10.0.0.2'], 4), '10.0.0.3');
});
