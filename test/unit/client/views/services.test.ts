import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbeAnswer, ServiceInfo, ServiceReplica } from '@switchyard/protocol';
import {
  healthOf,
  hostRow,
  replicaRow,
  replicasByHost,
  serviceRow,
  vipsOf,
} from '../../../../client/src/tree/service-rows';
import {
  renderSpread,
  replicaOf,
  spreadOf,
  spreadVerdict,
} from '../../../../client/src/views/service-spread';
import {
  probePayload,
  probeSandbox,
  probeSandboxName,
  probeTargets,
} from '../../../../client/src/commands/service-probe-plan';

const replica = (
  slot: number,
  host: string,
  ipv4: string,
  state: ServiceReplica['state'] = 'running',
): ServiceReplica => ({
  name: `web.${slot}`,
  slot,
  host,
  hostAddress: host === 'h1' ? '192.0.2.1' : '192.0.2.2',
  sandbox: `sb${slot}0000000000000000`,
  addresses: [{ network: 'front', ipv4: `${ipv4}/24` }],
  state,
  ...(state === 'failed' && { error: 'no free address in 10.0.9.0/24' }),
});

const service = (tasks: ServiceReplica[], over: Partial<ServiceInfo> = {}): ServiceInfo => ({
  id: 'svc0123456789abcdef',
  name: 'web',
  created: '2026-01-01T00:00:00Z',
  endpointMode: 'vip',
  replicas: 3,
  running: tasks.filter((t) => t.state === 'running').length,
  networks: [
    { name: 'front', id: 'n1', vip: '10.0.9.2/24', ingress: false },
    { name: 'ingress', id: 'n0', vip: '10.255.0.5/16', ingress: true },
  ],
  ports: [{ published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' }],
  constraints: [],
  aliases: [],
  labels: {},
  tasks,
  ...over,
});

const three = [replica(2, 'h2', '10.0.9.4'), replica(1, 'h1', '10.0.9.3'), replica(3, 'h2', '10.0.9.5')];

test('health: all running, some, none, scaled to zero', () => {
  assert.deepEqual(
    [healthOf(3, 3), healthOf(1, 3), healthOf(0, 3), healthOf(0, 0)],
    ['healthy', 'degraded', 'down', 'idle'],
  );
});

test('service rows: the VIP (not the ingress one), running/desired, replicas grouped by host and slot', () => {
  const s = service(three);
  assert.deepEqual(vipsOf(s), [{ network: 'front', vip: '10.0.9.2' }]);
  const row = serviceRow(s);
  assert.equal(row.description, 'VIP 10.0.9.2 · 3/3 running · 2 hosts');
  assert.equal(row.health, 'healthy');
  assert.match(row.tooltip, /ports ` 8080→80\/tcp \(ingress\) `/);
  const hosts = replicasByHost(s);
  assert.deepEqual(
    hosts.map((h) => [h.host, h.replicas.map((r) => r.slot), h.running, h.health]),
    [
      ['h1', [1], 1, 'healthy'],
      ['h2', [2, 3], 2, 'healthy'],
    ],
  );
  assert.deepEqual(hostRow(hosts[1] as (typeof hosts)[number]), {
    label: 'h2',
    description: '2 replicas · 2 running',
  });
  const dnsrr = serviceRow(
    service(three, { endpointMode: 'dnsrr', networks: [{ name: 'front', id: 'n1', ingress: false }] }),
  );
  assert.equal(dnsrr.description, 'dnsrr · 3/3 running · 2 hosts');
});

test('a failed replica makes its host and its service degraded, and says why', () => {
  const s = service([replica(1, 'h1', '10.0.9.3'), replica(2, 'h2', '10.0.9.4', 'failed')]);
  assert.equal(serviceRow({ ...s, replicas: 2 }).health, 'degraded');
  assert.equal(replicasByHost(s)[1]?.health, 'down');
  const row = replicaRow(s.tasks[1] as ServiceReplica);
  assert.equal(row.description, '10.0.9.4 · failed: no free address in 10.0.9.0/24');
  assert.equal(row.health, 'down');
});

test('which replica answered: by name, sandbox or address, word-bounded', () => {
  const tasks = [...three, replica(12, 'h1', '10.0.9.33')];
  assert.equal(replicaOf('hello from web.1\n', tasks)?.slot, 1);
  assert.equal(replicaOf('I am web.12', tasks)?.slot, 12, 'web.1 is not found inside web.12');
  assert.equal(replicaOf('sandbox sb30000000000000000 here', tasks)?.slot, 3);
  assert.equal(replicaOf('served by 10.0.9.4:80', tasks)?.slot, 2);
  assert.equal(replicaOf('served by 10.0.9.33', tasks)?.slot, 12, '10.0.9.3 is not found inside 10.0.9.33');
  assert.equal(replicaOf('<html>It works</html>', tasks), undefined);
});

test('spread over fake answers: per replica, per host, unidentified answers and failures', () => {
  const answers: ProbeAnswer[] = [
    ...Array.from({ length: 10 }, () => ({ ok: true, ms: 1, reply: 'web.1' })),
    ...Array.from({ length: 12 }, () => ({ ok: true, ms: 1, reply: 'web.2' })),
    ...Array.from({ length: 5 }, () => ({ ok: true, ms: 1, reply: 'HTTP/1.0 200 OK\nIt works' })),
    ...Array.from({ length: 3 }, () => ({ ok: false, ms: 2000, error: 'timeout after 2000 ms' })),
  ];
  const s = spreadOf(service(three), answers);
  assert.deepEqual([s.sent, s.answered, s.failed], [30, 27, 3]);
  assert.deepEqual(
    s.replicas.map((r) => [r.replica, r.host, r.answers]),
    [
      ['web.1', 'h1', 10],
      ['web.2', 'h2', 12],
      ['web.3', 'h2', 0],
    ],
  );
  assert.deepEqual(s.hosts, [
    { host: 'h1', answers: 10 },
    { host: 'h2', answers: 12 },
  ]);
  assert.deepEqual(s.unidentified, [{ reply: 'HTTP/1.0 200 OK', answers: 5 }]);
  assert.deepEqual(s.errors, [{ error: 'timeout after 2000 ms', answers: 3 }]);
  assert.equal(
    spreadVerdict(s),
    '30 requests: 27 answered, by 2 of 3 running replicas on 2 hosts, 3 failed, 5 answers name no replica',
  );
  const md = renderSpread(
    service(three),
    'VIP 10.0.9.2:80',
    'probe sandbox on h1',
    s,
    'time budget of 60000 ms reached',
  );
  assert.match(md, /\| web\.2 \| h2 \| running \| 12 \| 44% \| █{9} \|/);
  assert.match(md, /\| web\.3 \| h2 \| running \| 0 \| 0% \| {2}\|/);
  assert.match(md, /\| h2 \| 12 \| 44% \|/);
  assert.match(md, /\| timeout after 2000 ms \| 3 \|/);
  assert.match(md, /⚠ stopped early: time budget/);
});

test('spread of nothing answered: shares are dashes, no division by zero', () => {
  const s = spreadOf(service(three), [{ ok: false, ms: 1, error: 'ECONNREFUSED' }]);
  assert.equal(s.answered, 0);
  assert.match(renderSpread(service(three), 't', 'f', s), /\| web\.1 \| h1 \| running \| 0 \| — \|/);
});

test('probe targets: the VIP per network and target port, published ports on the hosts that answer them', () => {
  const hosts = [
    { name: 'h1', address: '192.0.2.1' },
    { name: 'h2', address: '192.0.2.2' },
    { name: 'h3', address: '192.0.2.3' },
  ];
  const s = service(three, {
    ports: [
      { published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' },
      { published: 9090, target: 90, protocol: 'tcp', mode: 'host' },
    ],
  });
  const t = probeTargets(s, hosts);
  assert.deepEqual(
    t.map((x) => `${x.kind} ${x.host}:${x.port} ${x.network ?? x.onHost}`),
    [
      'vip 10.0.9.2:80 front',
      'vip 10.0.9.2:90 front',
      'published 192.0.2.1:8080 h1',
      'published 192.0.2.2:8080 h2',
      'published 192.0.2.3:8080 h3',
      // host mode answers only where a replica runs (h3 has none)
      'published 192.0.2.1:9090 h1',
      'published 192.0.2.2:9090 h2',
    ],
  );
  const rr = probeTargets(
    service(three, {
      endpointMode: 'dnsrr',
      ports: [],
      networks: [{ name: 'front', id: 'n1', ingress: false }],
    }),
    hosts,
  );
  assert.deepEqual(
    rr.map((x) => [x.kind, x.host, x.port, x.description]),
    [['name', 'web', undefined, 'on front, DNS round robin']],
  );
});

test('probe source: a sandbox on the network that is not a replica; the throwaway name and payloads', () => {
  const sb = (name: string, id: string, network: string) => ({
    id,
    name,
    hostname: name,
    mode: 'bridge',
    netns: name,
    created: 'now',
    endpoints: [{ id: 'e', network, networkId: 'n', ifname: 'eth0', mac: '02:00:00:00:00:01', aliases: [] }],
    ports: [],
  });
  const s = service(three);
  const list = [
    sb('web.1', 'sb10000000000000000', 'front'),
    sb('other', 'x', 'back'),
    sb('client', 'y', 'front'),
  ];
  assert.equal(probeSandbox(list, 'front', s)?.name, 'client');
  assert.equal(probeSandbox(list.slice(0, 2), 'front', s), undefined, 'a replica is never the source');
  assert.equal(probeSandboxName('web', 'a1b2c3'), 'probe-web-a1b2c3');
  assert.ok(probeSandboxName('x'.repeat(80), 'a1b2c3').length <= 64);
  assert.equal(probePayload('http', 'web'), 'GET / HTTP/1.0\r\nHost: web\r\n\r\n');
  assert.equal(probePayload('none', 'web'), undefined);
});
