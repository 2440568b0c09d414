// Address text handling of the embedded DNS: canonical IPv6 (as Node reports a datagram's source),
// reverse names, and the upstream list rules (at most 3, never ourselves).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import fc from 'fast-check';
import {
  canonicalIP,
  formatIPv6,
  parseIPv4,
  parseIPv6,
  reverseName,
  unmapIPv4,
} from '../../../../engine/src/dns/addr';
import { parseUpstream, parseUpstreams } from '../../../../engine/src/dns/upstreams';

test('canonical IPv6 text: lowercase, longest zero run compressed, single zeros kept, v4-mapped dotted', () => {
  const cases: [string, string][] = [
    ['FD00:0:0:0:0:0:0:2', 'fd00::2'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['::ffff:10.1.2.3', '::ffff:10.1.2.3'],
    ['fe80::1%eth0', 'fe80::1'],
  ];
  for (const [input, want] of cases) assert.equal(canonicalIP(input), want, input);
  assert.equal(canonicalIP('10.001.0.1'), '10.1.0.1');
});

test('invalid addresses are rejected', () => {
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.256',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    'g::1',
    '12345::',
    'a.b.c.d',
  ]) {
    assert.equal(canonicalIP(bad), undefined, bad);
  }
});

test('IPv6 bytes round-trip through the formatter and Node agrees the text is IPv6', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 16, maxLength: 16, size: 'max' }), (bytes) => {
      const text = formatIPv6(bytes);
      assert.ok(isIPv6(text), text);
      assert.deepEqual(parseIPv6(text), bytes);
    }),
    { numRuns: 2000 },
  );
});

test('reverse names for IPv4 and IPv6', () => {
  assert.equal(reverseName(parseIPv4('10.89.0.7') ?? new Uint8Array()), '7.0.89.10.in-addr.arpa');
  assert.equal(
    reverseName(parseIPv6('2001:db8::567:89ab') ?? new Uint8Array()),
    'b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
  );
});

test('upstreams: IP, IP:PORT and [IPv6]:PORT, at most three, never one of our own listeners', () => {
  assert.deepEqual(parseUpstream('10.0.0.53'), { address: '10.0.0.53', port: 53, family: 4 });
  assert.deepEqual(parseUpstream('10.0.0.53:5353'), { address: '10.0.0.53', port: 5353, family: 4 });
  assert.deepEqual(parseUpstream('[FD00::53]:54'), { address: 'fd00::53', port: 54, family: 6 });
  assert.deepEqual(parseUpstream('fd00::53'), { address: 'fd00::53', port: 53, family: 6 });
  assert.equal(parseUpstream('dns.example'), undefined);
  assert.equal(parseUpstream('10.0.0.1:0'), undefined);
  const { upstreams, problems } = parseUpstreams(
    ['10.0.0.1', 'bogus', '10.0.0.2', '10.9.0.1:53', '10.0.0.3', '10.0.0.4'],
    [{ address: '10.9.0.1', port: 53 }],
  );
  assert.deepEqual(
    upstreams.map((u) => u.address),
    ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
  );
  assert.equal(problems.length, 3);
  assert.match(problems.join('\n'), /"bogus" is not an IP address/);
  assert.match(problems.join('\n'), /own listeners/);
  assert.match(problems.join('\n'), /at most 3/);
});

test('peer addresses from sockets are keyed like the view: v4-mapped unwrapped, zone dropped', () => {
  assert.equal(unmapIPv4('::ffff:10.1.0.2'), '10.1.0.2');
  assert.equal(unmapIPv4('fe80::2%eth0'), 'fe80::2');
  assert.equal(unmapIPv4('fd00::2'), 'fd00::2');
  assert.equal(unmapIPv4('10.1.0.2'), '10.1.0.2');
});
