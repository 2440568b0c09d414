// The sandbox side of 127.0.0.11: the nft script and sysctl the engine runs inside a sandbox namespace.
// (test/engine/dns/dns.test.ts runs them for real and queries 127.0.0.11 through them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sandboxDnsRedirect, sandboxResolvConf } from '../../../engine/src/dns/redirect';

test('the redirect DNATs 127.0.0.11:53 (UDP and TCP) to the gateway listener and replaces its table', () => {
  const r = sandboxDnsRedirect({ gateway: '10.1.0.1', device: 'eth0', table: 'sy_dns' });
  assert.match(r.nftScript, /^table ip sy_dns\ndelete table ip sy_dns\n/);
  assert.match(r.nftScript, /ip daddr 127\.0\.0\.11 udp dport 53 dnat to 10\.1\.0\.1:53/);
  assert.match(r.nftScript, /ip daddr 127\.0\.0\.11 tcp dport 53 dnat to 10\.1\.0\.1:53/);
  assert.match(r.nftScript, /ip saddr 127\.0\.0\.0\/8 oifname "eth0" masquerade/);
  assert.match(
    r.nftScript,
    /iifname != "lo" ip daddr 127\.0\.0\.0\/8 drop/,
    'route_localnet must not expose localhost',
  );
  assert.deepEqual(r.sysctls, ['net.ipv4.conf.eth0.route_localnet=1']);
  assert.deepEqual(r.undoArgv, ['nft', 'delete', 'table', 'ip', 'sy_dns']);
});

test('the redirect refuses values that would change the meaning of the script', () => {
  assert.throws(() => sandboxDnsRedirect({ gateway: 'fd00::1', device: 'eth0' }), /not an IPv4 address/);
  assert.throws(
    () => sandboxDnsRedirect({ gateway: '10.1.0.1', device: 'eth0"; flush ruleset' }),
    /interface name/,
  );
  assert.throws(
    () => sandboxDnsRedirect({ gateway: '10.1.0.1', device: 'eth0', table: 'a b' }),
    /nft table name/,
  );
});

test('resolv.conf points at 127.0.0.11 with ndots:0, as Docker writes it', () => {
  assert.equal(sandboxResolvConf(), 'nameserver 127.0.0.11\noptions ndots:0\n');
  assert.equal(
    sandboxResolvConf(['corp.example']),
    'nameserver 127.0.0.11\nsearch corp.example\noptions ndots:0\n',
  );
});
