// The sandbox side of 127.0.0.11 (engine/src/sandbox/dns-route.ts): a route and policy rules, no
// netfilter. test/engine/dns/dns.test.ts runs them for real beside the host's DNAT and queries 127.0.0.11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GUARD_LINES, dnsRouteLines, guardErrors } from '../../../../engine/src/sandbox/dns-route';

const text = (lines: { text: string }[]) => lines.map((l) => l.text);

test("127.0.0.11 is routed out of the sandbox's interface to the gateway, from its own address", () => {
  assert.deepEqual(text(dnsRouteLines({ gateway: '10.1.0.1', ifname: 'eth1', address: '10.1.0.7' })), [
    'route replace 127.0.0.11/32 via 10.1.0.1 dev eth1 src 10.1.0.7 table local',
  ]);
  assert.deepEqual(text(dnsRouteLines(undefined)), ['route del 127.0.0.11/32 table local']);
  assert.throws(() => dnsRouteLines({ gateway: '10.1.0.1 table main', ifname: 'eth0', address: '10.1.0.2' }));
});

test('the guard: local lookups for what the sandbox sends, 127.0.0.0/8 from anywhere else blackholed', () => {
  assert.deepEqual(text([...GUARD_LINES]), [
    'rule add pref 1 iif lo lookup local',
    'rule add pref 2 to 127.0.0.0/8 blackhole',
    'rule add pref 3 lookup local',
    'rule del pref 0 lookup local',
  ]);
});

test('a re-run of the guard fails only with "already so"; anything else is an error', () => {
  const again = [
    'RTNETLINK answers: File exists',
    'Command failed -:1',
    'RTNETLINK answers: File exists',
    'Command failed -:2',
    'RTNETLINK answers: No such file or directory',
    'Command failed -:4',
    '',
  ].join('\n');
  assert.deepEqual(guardErrors(again), []);
  assert.deepEqual(guardErrors('Error: argument "blackhole" is wrong: Failed to parse rule type\n'), [
    'Error: argument "blackhole" is wrong: Failed to parse rule type',
  ]);
});
