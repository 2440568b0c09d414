import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFixture, fixture, messagesOf } from '../harness';
import { parseAddrError } from '../../../../../../server/src/rules/compose/dns/goaddr';

test('NET130 marks dns entries that are not IP addresses', () => {
  checkFixture(fixture('NET130-dns.yaml'), { codes: ['NET130'] });
});

test('NET130 quotes docker compose with Go netip errors', () => {
  const all = messagesOf(fixture('NET130-dns.yaml'), 'NET130').map((m) => m.split(';')[0]);
  assert.deepEqual(all, [
    'invalid DNS address: ParseAddr("dns.google"): unexpected character (at "dns.google")',
    'invalid DNS address: ParseAddr("localhost"): unable to parse IP',
    'invalid DNS address: ParseAddr("1.2.3.256"): IPv4 field has value >255',
    'invalid DNS address: ParseAddr("010.1.1.1"): IPv4 field has octet with leading zero',
  ]);
});

test('Go ParseAddr texts for IPv6 and short addresses', () => {
  assert.equal(parseAddrError('2001:db8::1'), null);
  assert.equal(parseAddrError('::ffff:1.2.3.4'), null);
  assert.equal(parseAddrError('1.2.3'), 'ParseAddr("1.2.3"): IPv4 address too short');
  assert.equal(parseAddrError('1:2'), 'ParseAddr("1:2"): address string too short');
  assert.equal(parseAddrError('1::2::3'), 'ParseAddr("1::2::3"): multiple :: in address (at ":3")');
  assert.equal(
    parseAddrError('12345::'),
    'ParseAddr("12345::"): each group must have 4 or less digits (at "12345::")',
  );
  assert.equal(parseAddrError(''), 'ParseAddr(""): unable to parse IP');
});

test('NET130 is quiet on a clean project', () => {
  checkFixture(fixture('references-clean.yaml'), { codes: ['NET130'] });
});
