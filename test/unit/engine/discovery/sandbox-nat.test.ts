// The sandbox side of 127.0.0.11 (engine/src/discovery/sandbox-nat.ts): the nft table the engine runs inside
// a sandbox namespace. test/engine/dns/dns.test.ts runs it for real and queries 127.0.0.11 through it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxDnsTable } from '../../../../engine/src/discovery/sandbox-nat';

test('the table DNATs 127.0.0.11:53 (UDP and TCP) to the gateway listener, masquerades, guards, replaces', () => {
  const s = sandboxDnsTable('10.1.0.1');
  assert.match(s, /^table ip switchyard_dns\ndelete table ip switchyard_dns\n/, 'replaces the whole table');
  assert.match(s, /ip daddr 127\.0\.0\.11 udp dport 53 dnat to 10\.1\.0\.1:53/);
  assert.match(s, /ip daddr 127\.0\.0\.11 tcp dport 53 dnat to 10\.1\.0\.1:53/);
  assert.match(
    s,
    /ip saddr 127\.0\.0\.0\/8 ip daddr 10\.1\.0\.1 meta l4proto \{ tcp, udp \} th dport 53 masquerade/,
  );
  assert.match(
    s,
    /iifname != "lo" ip daddr 127\.0\.0\.0\/8 drop/,
    'route_localnet must not expose localhost',
  );
  assert.match(sandboxDnsTable('10.1.0.1', 5353), /dnat to 10\.1\.0\.1:5353/);
});

test('without a gateway the table goes; a value that is not an IPv4 address is refused', () => {
  assert.equal(sandboxDnsTable(undefined), 'table ip switchyard_dns\ndelete table ip switchyard_dns\n');
  assert.throws(() => sandboxDnsTable('fd00::1'), /not an IPv4 address/);
  assert.throws(() => sandboxDnsTable('10.1.0.1:53 ; flush ruleset'), /not an IPv4 address/);
});
