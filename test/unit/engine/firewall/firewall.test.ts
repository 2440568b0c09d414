import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FwModel, FwNetwork } from '../../../../engine/src/firewall/render';
import { renderDelta, renderTable, stateOf } from '../../../../engine/src/firewall/render';

const base = { table: 'switchyard_t', bridgeGlob: 't-b*' };

test('one table, replaced whole in one transaction', () => {
  const text = renderTable({ ...base, networks: [], ports: [] });
  assert.match(text, /^table inet switchyard_t\ndelete table inet switchyard_t\ntable inet switchyard_t \{/);
});

const net = (device: string, o: Partial<FwNetwork> = {}): FwNetwork => ({
  device,
  subnets4: [],
  subnets6: [],
  internal: false,
  icc: true,
  masquerade: true,
  ...o,
});
const model = (networks: FwNetwork[], ports: FwModel['ports'] = []): FwModel => ({
  ...base,
  networks,
  ports,
});
const setLine = (text: string, name: string) =>
  text.split('\n').find((l) => l.includes(`set ${name} {`)) ?? '';

test('internal: nothing in or out, no masquerade; ICC off drops within the bridge', () => {
  const text = renderTable(
    model([
      net('t-b1', { subnets4: ['10.1.0.0/24'], internal: true }),
      net('t-b2', { subnets4: ['10.2.0.0/24'], subnets6: ['fd00:2::/64'], icc: false }),
    ]),
  );
  assert.match(setLine(text, 'bridges'), /elements = \{ "t-b1", "t-b2" \}/);
  assert.match(setLine(text, 'internal'), /elements = \{ "t-b1" \}/);
  assert.match(setLine(text, 'icc_off'), /elements = \{ "t-b2" \}/);
  assert.match(setLine(text, 'masq4'), /elements = \{ 10\.2\.0\.0\/24 \}/);
  assert.match(setLine(text, 'masq6'), /elements = \{ fd00:2::\/64 \}/);
  assert.match(setLine(text, 'own4'), /10\.1\.0\.0\/24 \. "t-b1", 10\.2\.0\.0\/24 \. "t-b2"/);
  assert.match(setLine(text, 'hairpin4'), /"t-b1" \. 10\.1\.0\.0\/24 \. 10\.1\.0\.0\/24/);
  // The fixed rules: ICC off, then within-network accepted, then internal out and anything in dropped.
  assert.match(
    text,
    /iifname @icc_off iifname \. oifname @same drop\n\t\tiifname \. oifname @same accept\n\t\tiifname @internal drop\n\t\toifname @bridges drop/,
  );
  assert.match(text, /ip saddr @masq4 ip saddr \. oifname != @own4 masquerade/);
  assert.match(text, /ip6 saddr @masq6 ip6 saddr \. oifname != @own6 masquerade/);
  // Published (DNAT-ed) traffic is accepted before any isolation drop.
  assert.ok(text.indexOf('ct status dnat accept') < text.indexOf('drop'));
});

test('a delta adds only what a new network brings and deletes only what a removed one had', () => {
  const a = net('t-b1', { subnets4: ['10.1.0.0/24'] });
  const b = net('t-b2', { subnets4: ['10.2.0.0/24'], internal: true });
  const one = stateOf(model([a]));
  const two = stateOf(model([a, b]));
  const added = renderDelta(one, two);
  assert.doesNotMatch(added, /delete|flush|t-b1/);
  assert.match(added, /^add element inet switchyard_t bridges \{ "t-b2" \}$/m);
  assert.match(added, /^add element inet switchyard_t internal \{ "t-b2" \}$/m);
  assert.doesNotMatch(added, /masq4/, 'an internal network is not masqueraded');
  const removed = renderDelta(two, one);
  assert.doesNotMatch(removed, /add|flush|t-b1/);
  assert.match(removed, /^delete element inet switchyard_t own4 \{ 10\.2\.0\.0\/24 \. "t-b2" \}$/m);
  assert.equal(renderDelta(two, stateOf(model([a, b]))), '', 'nothing changed, nothing to apply');
});

test('a delta rewrites the ports chain only when a published port changed', () => {
  const a = net('t-b1', { subnets4: ['10.1.0.0/24'] });
  const port = { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' as const };
  const before = stateOf(model([a]));
  const after = stateOf(model([a], [{ ...port, targetIp: '10.1.0.2', device: 't-b1' }]));
  assert.equal(
    renderDelta(before, after),
    'flush chain inet switchyard_t ports\n' +
      'add rule inet switchyard_t ports meta nfproto ipv4 tcp dport 8080 dnat ip to 10.1.0.2:80\n',
  );
  assert.equal(renderDelta(after, before), 'flush chain inet switchyard_t ports\n');
});

test('routing mesh: the ports chain DNATs a published port straight to the replicas, SNAT to the host address', () => {
  const a = net('t-b1', { subnets4: ['10.255.0.0/16'] });
  const mesh = (backends: string[]): FwModel['mesh'] => ({
    ports: [{ protocol: 'tcp', port: 8080, target: 80, backends }],
    snat: { device: 't-b1', address: '10.255.0.9' },
  });
  const three = { ...model([a]), mesh: mesh(['10.1.0.3', '10.255.0.4', '10.255.0.5']) };
  const text = renderTable(three);
  assert.match(
    text,
    /chain ports \{\n\t\tmeta nfproto ipv4 tcp dport 8080 dnat ip to numgen inc mod 3 map \{ 0 : 10\.1\.0\.3, 1 : 10\.255\.0\.4, 2 : 10\.255\.0\.5 \}:80\n/,
  );
  // Before the masquerades (priority 90): what the mesh sends onto ingress leaves from the host's address.
  assert.match(text, /chain mesh \{\n\t\ttype nat hook postrouting priority 80; policy accept;\n/);
  assert.match(text, /oifname "t-b1" ct status dnat snat ip to 10\.255\.0\.9/);
  assert.match(text, /oifname "t-b1" fib saddr type local snat ip to 10\.255\.0\.9/);
  // A change of the replica set is one transaction rewriting the ports chain only; none without a replica.
  const one = { ...model([a]), mesh: mesh(['10.255.0.4']) };
  assert.equal(
    renderDelta(stateOf(three), stateOf(one)),
    'flush chain inet switchyard_t ports\n' +
      'add rule inet switchyard_t ports meta nfproto ipv4 tcp dport 8080 dnat ip to 10.255.0.4:80\n',
  );
  assert.equal(
    renderDelta(stateOf(one), stateOf({ ...model([a]), mesh: mesh([]) })),
    'flush chain inet switchyard_t ports\n',
  );
  // The mesh gone: its SNAT goes too.
  assert.equal(
    renderDelta(stateOf(one), stateOf(model([a]))),
    'flush chain inet switchyard_t ports\nflush chain inet switchyard_t mesh\n',
  );
  assert.throws(() => stateOf({ ...model([a]), mesh: mesh(['10.0.0.1 } ; flush ruleset']) }), /not IPv4/);
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
  const text = renderTable(model([net('t-b1', { subnets4: ['10.1.0.0/24'] })]));
  assert.match(setLine(text, 'bridges'), /elements = \{ "t-b1" \}/);
  assert.match(
    text,
    /chain guard \{\n\t\ttype filter hook prerouting priority -300;[^\n]*\n[^\n]*\n\t\tiifname @bridges ip daddr 127\.0\.0\.0\/8 drop/,
  );
});

test("a sandbox's 127.0.0.11 query is DNAT-ed to its network's gateway, before published ports", () => {
  const text = renderTable(
    model([
      net('t-b1', { subnets4: ['10.2.0.0/24'], dnsGateway: '10.2.0.1' }),
      net('t-b2', { subnets4: ['10.3.0.0/24'] }),
    ]),
  );
  assert.match(text, /map dns4 \{ type ifname : ipv4_addr; elements = \{ "t-b1" : 10\.2\.0\.1 \}; \}/);
  assert.match(
    text,
    /priority -110;[^}]*ip daddr 127\.0\.0\.11 meta l4proto \{ tcp, udp \} th dport 53 dnat ip to iifname map @dns4\n\t\tfib daddr type local jump ports/,
  );
  // The guard lets only that query through (route_localnet is on for each bridge: CVE-2020-8558).
  assert.match(
    text,
    /iifname @dns4 ip daddr 127\.0\.0\.11 meta l4proto \{ tcp, udp \} th dport 53 accept\n\t\tiifname @bridges ip daddr 127\.0\.0\.0\/8 drop/,
  );
});
