import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../../engine/src/firewall/render';
import { sandboxDnsTable } from '../../../engine/src/discovery/sandbox-nat';

const base = { table: 'switchyard_t', bridgeGlob: 't-b*' };

test('one table, replaced whole in one transaction', () => {
  const text = renderTable({ ...base, networks: [], ports: [] });
  assert.match(text, /^table inet switchyard_t\ndelete table inet switchyard_t\ntable inet switchyard_t \{/);
});

test('internal: nothing in or out, no masquerade; ICC off drops within the bridge', () => {
  const text = renderTable({
    ...base,
    networks: [
      {
        device: 't-b1',
        subnets4: ['10.1.0.0/24'],
        subnets6: [],
        internal: true,
        icc: true,
        masquerade: true,
      },
      {
        device: 't-b2',
        subnets4: ['10.2.0.0/24'],
        subnets6: ['fd00:2::/64'],
        internal: false,
        icc: false,
        masquerade: true,
      },
    ],
    ports: [],
  });
  assert.match(text, /iifname "t-b1" oifname != "t-b1" drop/);
  assert.match(text, /oifname "t-b1" iifname != "t-b1" drop/);
  assert.doesNotMatch(text, /ip saddr 10\.1\.0\.0\/24 oifname != "t-b1" masquerade/);
  assert.match(text, /ip saddr 10\.2\.0\.0\/24 oifname != "t-b2" masquerade/);
  assert.match(text, /ip6 saddr fd00:2::\/64 oifname != "t-b2" masquerade/);
  assert.match(text, /iifname "t-b2" oifname "t-b2" drop/);
  // Published (DNAT-ed) traffic is accepted before any isolation drop.
  assert.ok(text.indexOf('ct status dnat accept') < text.indexOf('drop'));
});

test('published ports: DNAT from prerouting and output, any local address or the given one', () => {
  const text = renderTable({
    ...base,
    networks: [],
    ports: [
      {
        hostIp: '0.0.0.0',
        hostPort: 8080,
        containerPort: 80,
        protocol: 'tcp',
        targetIp: '10.2.0.2',
        device: 't-b2',
      },
      {
        hostIp: '127.0.0.1',
        hostPort: 5353,
        containerPort: 53,
        protocol: 'udp',
        targetIp: '10.2.0.3',
        device: 't-b2',
      },
    ],
  });
  assert.match(text, /meta nfproto ipv4 tcp dport 8080 dnat ip to 10\.2\.0\.2:80/);
  assert.match(text, /meta nfproto ipv4 ip daddr 127\.0\.0\.1 udp dport 5353 dnat ip to 10\.2\.0\.3:53/);
  assert.equal(text.match(/fib daddr type local jump ports/g)?.length, 2);
  const both = renderTable({
    ...base,
    networks: [],
    ports: [
      {
        hostIp: '0.0.0.0',
        hostPort: 8080,
        containerPort: 80,
        protocol: 'tcp',
        targetIp: '10.2.0.2',
        targetIp6: 'fd00:2::2',
        device: 't-b2',
      },
    ],
  });
  assert.match(both, /meta nfproto ipv6 tcp dport 8080 dnat ip6 to \[fd00:2::2\]:80/);
});

test('route_localnet on a bridge exposes nothing: 127.0.0.0/8 from a bridge is dropped before conntrack', () => {
  const text = renderTable({
    ...base,
    networks: [
      {
        device: 't-b1',
        subnets4: ['10.1.0.0/24'],
        subnets6: [],
        internal: false,
        icc: true,
        masquerade: true,
      },
    ],
    ports: [],
  });
  assert.match(
    text,
    /chain guard \{\n\t\ttype filter hook prerouting priority -300;[^}]*iifname "t-b1" ip daddr 127\.0\.0\.0\/8 drop/,
  );
});

test("a sandbox's 127.0.0.11 goes to its network's gateway", () => {
  const text = sandboxDnsTable('10.2.0.1');
  assert.match(text, /ip daddr 127\.0\.0\.11 udp dport 53 dnat to 10\.2\.0\.1:53/);
  // route_localnet is on in the sandbox: nothing from outside may reach its 127.0.0.0/8 (CVE-2020-8558).
  assert.match(text, /hook prerouting priority -300;[^}]*iifname != "lo" ip daddr 127\.0\.0\.0\/8 drop/);
  assert.equal(sandboxDnsTable(undefined), 'table ip switchyard_dns\ndelete table ip switchyard_dns\n');
});
