// Go's net.ParseMAC, on the cases of Go's own table (src/net/mac_test.go): three sizes, three notations, one
// separator throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalMac, parseMac } from '@switchyard/core';

const hex = (b: number[] | undefined) => b?.map((x) => x.toString(16).padStart(2, '0')).join('');

test('ParseMAC accepts 6, 8 and 20 bytes written with colons, dashes or dotted groups of four', () => {
  const ok: [string, string][] = [
    ['00:00:5e:00:53:01', '00005e005301'],
    ['02:00:5e:10:00:00:00:01', '02005e1000000001'],
    [
      '00:00:00:00:fe:80:00:00:00:00:00:00:02:00:5e:10:00:00:00:01',
      '00000000fe8000000000000002005e1000000001',
    ],
    ['00-00-5e-00-53-01', '00005e005301'],
    ['02-00-5e-10-00-00-00-01', '02005e1000000001'],
    [
      '00-00-00-00-fe-80-00-00-00-00-00-00-02-00-5e-10-00-00-00-01',
      '00000000fe8000000000000002005e1000000001',
    ],
    ['0000.5e00.5301', '00005e005301'],
    ['0200.5e10.0000.0001', '02005e1000000001'],
    ['0000.0000.fe80.0000.0000.0000.0200.5e10.0000.0001', '00000000fe8000000000000002005e1000000001'],
    ['ab:cd:ef:AB:CD:EF', 'abcdefabcdef'],
  ];
  for (const [text, bytes] of ok) {
    const r = parseMac(text);
    assert.equal(r.ok ? hex(r.value) : r.error, bytes, text);
  }
});

test('ParseMAC refuses mixed separators, bad lengths, stray digits and other sizes, with Go text', () => {
  const bad = [
    '01.02.03.04.05.06',
    '01:02:03:04:05:06:',
    'x1:02:03:04:05:06',
    '01002:03:04:05:06',
    '01:02003:04:05:06',
    '01:02:03004:05:06',
    '01:02:03:04005:06',
    '01:02:03:04:05006',
    '01-02:03:04:05:06',
    '01:02-03-04-05-06',
    '0123:4567:89AF',
    '0123-4567-89AF',
    '01:02:03:04:05:06:07',
    '01:02:03:04:05:06:07:08:09',
    '0102.0304.0506.0708.090a',
    '0102.0304.05060',
    '0102.0304.050g',
    '0102:0304.0506',
    '01:02:03:04:05:0g',
    '',
    '01:02:03:04:05',
  ];
  for (const text of bad) {
    assert.deepEqual(parseMac(text), { ok: false, error: `address ${text}: invalid MAC address` }, text);
    assert.equal(canonicalMac(text), undefined, text);
  }
});

test('canonicalMac writes any notation as lower-case colon pairs, so equal MACs compare equal', () => {
  assert.equal(canonicalMac('02-42-AC-11-00-02'), '02:42:ac:11:00:02');
  assert.equal(canonicalMac('0242.ac11.0002'), '02:42:ac:11:00:02');
  assert.equal(canonicalMac('02:42:ac:11:00:02'), '02:42:ac:11:00:02');
});
