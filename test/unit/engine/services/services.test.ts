// The pure parts of services (engine/src/services): placement, the nftables scripts of the load balancers,
// the `--publish` syntax, and the cluster view's service rows. The kernel side: test/engine/services.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration, parseServicePublish } from '@switchyard/core';
import { ServiceCreateParamsSchema } from '@switchyard/protocol';
import type { EngineClient } from '@switchyard/hostio';
import { service } from '../../../../engine/src/cli/service-commands';
import { keys } from '../../../../engine/src/cluster/records';
import { ClusterView, emptyDirty } from '../../../../engine/src/cluster/view';
import { vipTable } from '../../../../engine/src/services/lb';
import { place, satisfies } from '../../../../engine/src/services/placement';
import type { ServiceRecord } from '../../../../engine/src/cluster/service-records';
import { svcKeys } from '../../../../engine/src/cluster/service-records';
import { meshBridgeLines, meshTargets } from '../../../../engine/src/services/mesh';
import { backendRows, serviceInfo } from '../../../../engine/src/services/view';

const hosts = [
  { address: '10.0.0.3', name: 'c' },
  { address: '10.0.0.1', name: 'a' },
  { address: '10.0.0.2', name: 'b' },
];
const opts = { constraints: [] as string[], hostPorts: false };

describe('services: placement', () => {
  test('spread: one replica per host before any host gets a second, same answer on every host', () => {
    const t = place([1, 2, 3, 4, 5], hosts, [], new Map(), opts);
    assert.deepEqual(
      t.map((x) => x.host),
      ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.1', '10.0.0.2'],
    );
  });

  test('ties go to the host with fewer replicas of all services', () => {
    const t = place(
      [1],
      hosts,
      [],
      new Map([
        ['10.0.0.1', 4],
        ['10.0.0.2', 1],
      ]),
      opts,
    );
    assert.equal(t[0]?.host, '10.0.0.3');
  });

  test('constraints by name or address, == and !=; none fitting says why, as swarm', () => {
    assert.ok(satisfies(['host==b'], hosts[2] as (typeof hosts)[number]));
    assert.ok(satisfies(['node.hostname != a'], hosts[2] as (typeof hosts)[number]));
    assert.ok(!satisfies(['host==10.0.0.1'], hosts[2] as (typeof hosts)[number]));
    const t = place([1, 2], hosts, [], new Map(), { ...opts, constraints: ['host!=a', 'host!=10.0.0.2'] });
    assert.deepEqual(
      t.map((x) => x.host),
      ['10.0.0.3', '10.0.0.3'],
    );
    const none = place([1], hosts, [], new Map(), { ...opts, constraints: ['host==zz'] });
    assert.deepEqual(none, [
      { slot: 1, host: '', why: 'no suitable node (scheduling constraints not satisfied on 3 nodes)' },
    ]);
  });

  test('host-mode ports: one replica per host, the rest wait with swarm’s reason', () => {
    const t = place([1, 2, 3, 4], hosts, [], new Map(), { ...opts, hostPorts: true });
    assert.deepEqual(
      t.map((x) => x.host),
      ['10.0.0.1', '10.0.0.2', '10.0.0.3', ''],
    );
    assert.equal(t[3]?.why, 'no suitable node (host-mode port already in use on 3 nodes)');
  });
});

describe('services: load balancer scripts', () => {
  test('a VIP: one numgen map over its replicas; no replica: refused at once; none: the table goes', () => {
    const s = vipTable([
      { vip: '10.1.0.9', backends: [] },
      { vip: '10.1.0.2', backends: ['10.1.0.3', '10.1.0.4'] },
    ]);
    assert.match(s, /^table ip switchyard_svc\ndelete table ip switchyard_svc\n/);
    assert.match(
      s,
      /ip daddr 10\.1\.0\.2 meta l4proto \{ tcp, udp \} dnat to numgen inc mod 2 map \{ 0 : 10\.1\.0\.3, 1 : 10\.1\.0\.4 \}/,
    );
    assert.match(s, /ip daddr 10\.1\.0\.9 meta l4proto tcp reject with tcp reset/);
    assert.equal(vipTable([]), 'table ip switchyard_svc\ndelete table ip switchyard_svc\n');
  });

  test('anything but an IPv4 address never reaches the script', () => {
    assert.throws(() => vipTable([{ vip: '10.0.0.1; flush ruleset', backends: [] }]), /not IPv4/);
    assert.throws(() => vipTable([{ vip: '10.0.0.1', backends: ['10.0.0.300'] }]), /not IPv4/);
  });
});

describe('services: --publish', () => {
  test("Docker's short and long forms", () => {
    assert.deepEqual(parseServicePublish('8080:80'), {
      published: 8080,
      target: 80,
      protocol: 'tcp',
      mode: 'ingress',
    });
    assert.deepEqual(parseServicePublish('mode=host,53:5353/udp'), {
      published: 53,
      target: 5353,
      protocol: 'udp',
      mode: 'host',
    });
    assert.deepEqual(parseServicePublish('published=1,target=2,protocol=udp,mode=ingress'), {
      published: 1,
      target: 2,
      protocol: 'udp',
      mode: 'ingress',
    });
  });

  test('what a service port cannot be, with the reason', () => {
    assert.match(parseServicePublish('80') as string, /PUBLISHED:TARGET/);
    assert.match(parseServicePublish('8080-8081:80') as string, /PUBLISHED:TARGET/);
    assert.match(parseServicePublish('mode=global,80:80') as string, /mode "global"/);
    assert.match(parseServicePublish('70000:80') as string, /invalid published port "70000"/);
    assert.match(parseServicePublish('80:80/sctp') as string, /protocol "sctp"/);
    assert.match(parseServicePublish('target=80') as string, /no published port/);
    assert.match(parseServicePublish('x'.repeat(500)) as string, /too long/);
  });
});

describe('services: the cluster view', () => {
  const spec = ServiceCreateParamsSchema.parse({ name: 'web', networks: ['front'], replicas: 2 });
  const rec: ServiceRecord = {
    id: 's1',
    name: 'web',
    created: '2026-01-01T00:00:00Z',
    spec,
    networks: [{ id: 'n1', name: 'front', vip: '10.1.0.2', ingress: false }],
  };
  const row = (slot: number, vtep: string, ip: string, health?: string) =>
    JSON.stringify({
      id: `e${slot}`,
      networkId: 'n1',
      vtep,
      host: vtep,
      sandboxId: `sb${slot}`,
      name: `web.${slot}`,
      aliases: ['tasks.web'],
      mac: '02:42:0a:01:00:03',
      ipv4: ip,
      service: { id: 's1', name: 'web', slot, role: 'replica', ...(health ? { health } : {}) },
    });

  test('backends: placed replicas on their task’s host, healthy when checked; a drained one is out at once', () => {
    const v = new ClusterView();
    const d = emptyDirty();
    v.apply(svcKeys.service('s1'), JSON.stringify(rec), d);
    for (const [slot, host] of [
      [1, '10.0.0.1'],
      [2, '10.0.0.2'],
      [3, '10.0.0.3'],
      [4, '10.0.0.1'],
    ] as const)
      v.apply(svcKeys.task('s1', slot), JSON.stringify({ slot, host }), d);
    v.apply(keys.endpoint('n1', 'e1'), row(1, '10.0.0.1', '10.1.0.3'), d);
    v.apply(keys.endpoint('n1', 'e2'), row(2, '10.0.0.2', '10.1.0.4', 'healthy'), d);
    v.apply(keys.endpoint('n1', 'e3'), row(3, '10.0.0.3', '10.1.0.5', 'starting'), d);
    v.apply(keys.endpoint('n1', 'e4'), row(4, '10.0.0.9', '10.1.0.6'), d);
    v.apply(keys.endpoint('n1', 'e5'), row(5, '10.0.0.1', '10.1.0.7'), d);
    const ips = () => backendRows(v, rec, 'n1').map((r) => r.ipv4);
    // 3 is starting, 4's row is from a host its task no longer names, 5 has no task (draining).
    assert.deepEqual(ips(), ['10.1.0.3', '10.1.0.4']);
    v.apply(keys.endpoint('n1', 'e3'), row(3, '10.0.0.3', '10.1.0.5', 'healthy'), d);
    v.apply(keys.endpoint('n1', 'e2'), row(2, '10.0.0.2', '10.1.0.4', 'unhealthy'), d);
    assert.deepEqual(ips(), ['10.1.0.3', '10.1.0.5']);
    v.apply(svcKeys.task('s1', 1), undefined, d);
    assert.deepEqual(ips(), ['10.1.0.5']);
    assert.equal(serviceInfo(v, rec).tasks.find((t) => t.slot === 2)?.health, 'unhealthy');
  });

  test('mesh targets: every replica; with local-first a host with a replica of its own keeps its flows', () => {
    const rows = [
      { vtep: '10.0.0.1', ipv4: 'a' },
      { vtep: '10.0.0.2', ipv4: 'b' },
      { vtep: '10.0.0.1', ipv4: 'c' },
    ];
    const on = (me: string, localFirst: boolean) => meshTargets(rows, me, localFirst).map((r) => r.ipv4);
    assert.deepEqual(on('10.0.0.1', false), ['a', 'b', 'c']);
    assert.deepEqual(on('10.0.0.1', true), ['a', 'c']);
    assert.deepEqual(on('10.0.0.2', true), ['b']);
    // No replica here: spread over all, as without the label.
    assert.deepEqual(on('10.0.0.3', true), ['a', 'b', 'c']);
  });
  test('records, placements and replica rows make `service ps`', () => {
    const v = new ClusterView();
    const d = emptyDirty();
    v.apply(
      keys.host('10.0.0.1'),
      JSON.stringify({ name: 'a', address: '10.0.0.1', engineVersion: '1', started: 'x', lease: '1' }),
      d,
    );
    v.apply(svcKeys.service('s1'), JSON.stringify(rec), d);
    v.apply(svcKeys.task('s1', 1), JSON.stringify({ slot: 1, host: '10.0.0.1' }), d);
    v.apply(svcKeys.task('s1', 2), JSON.stringify({ slot: 2, host: '10.0.0.9' }), d);
    v.apply(keys.endpoint('n1', 'e1'), row(1, '10.0.0.1', '10.1.0.3'), d);
    assert.ok(d.services);
    const info = serviceInfo(v, rec);
    assert.equal(info.running, 1);
    assert.deepEqual(
      info.tasks.map((t) => [t.name, t.host, t.state, t.addresses[0]?.ipv4]),
      [
        ['web.1', 'a', 'running', '10.1.0.3'],
        ['web.2', '10.0.0.9', 'orphaned', undefined],
      ],
    );
    v.apply(svcKeys.task('s1', 2), 'not json', d);
    v.apply(svcKeys.service('s1'), undefined, d);
    assert.equal(v.services.size, 0);
    assert.equal(v.rejected, 1);
  });
});

describe('services: the CLI', () => {
  const calls: [string, unknown][] = [];
  const info = {
    id: 'abc',
    name: 'web',
    replicas: 5,
  };
  const fake = {
    call: async (method: string, params: unknown) => {
      calls.push([method, params]);
      return info;
    },
  } as unknown as EngineClient;
  const lines: string[] = [];
  const out = (s: string) => lines.push(s);

  test('create: Docker flags, --publish parsed, the command after --', async () => {
    calls.length = 0;
    await service.create?.(
      fake,
      [
        'web',
        '--network',
        'front',
        '--network=back',
        '--replicas',
        '3',
        '-p',
        'mode=host,8081:80/udp',
        '--publish',
        '8080:80',
        '--endpoint-mode',
        'vip',
        '--constraint',
        'host==h1',
        '--alias',
        'www',
        '--',
        'busybox',
        'httpd',
        '-f',
      ],
      out,
    );
    assert.deepEqual(calls, [
      [
        'service.create',
        {
          name: 'web',
          networks: ['front', 'back'],
          replicas: 3,
          ports: [
            { published: 8081, target: 80, protocol: 'udp', mode: 'host' },
            { published: 8080, target: 80, protocol: 'tcp', mode: 'ingress' },
          ],
          endpointMode: 'vip',
          constraints: ['host==h1'],
          aliases: ['www'],
          labels: {},
          command: ['busybox', 'httpd', '-f'],
        },
      ],
    ]);
  });

  test("--health-* and --stop-grace-period in Docker's words and durations", async () => {
    calls.length = 0;
    await service.create?.(
      fake,
      [
        'web',
        '--network',
        'n',
        '--health-cmd',
        'nc -z 127.0.0.1 80',
        '--health-interval',
        '1m30s',
        '--health-retries',
        '5',
        '--health-start-period',
        '2s',
        '--health-start-interval',
        '250ms',
        '--stop-grace-period',
        '0',
      ],
      out,
    );
    const p = calls[0]?.[1] as { healthcheck: unknown; stopGracePeriodMs: number };
    assert.deepEqual(p.healthcheck, {
      cmd: 'nc -z 127.0.0.1 80',
      intervalMs: 90_000,
      startPeriodMs: 2_000,
      startIntervalMs: 250,
      retries: 5,
    });
    assert.equal(p.stopGracePeriodMs, 0);
    await assert.rejects(
      service.create?.(fake, ['web', '--network', 'n', '--health-interval', '2s'], out) as Promise<number>,
      /--health-interval needs --health-cmd/,
    );
    await assert.rejects(
      service.create?.(
        fake,
        ['web', '--network', 'n', '--health-cmd', 'x', '--health-timeout', '5'],
        out,
      ) as Promise<number>,
      /--health-timeout: invalid duration "5"/,
    );
    assert.equal(parseDuration('1h2m3.5s'), 3_723_500);
    assert.equal(parseDuration('.5s'), 500);
    assert.equal(typeof parseDuration('2 s'), 'string');
    assert.equal(typeof parseDuration('1'.repeat(100) + 's'), 'string');
  });

  test('bad flags are refused before anything is asked; scale takes NAME=K', async () => {
    calls.length = 0;
    await assert.rejects(
      service.create?.(fake, ['web', '--network', 'n', '--endpoint-mode', 'rr'], out) as Promise<number>,
      /invalid --endpoint-mode "rr": use vip or dnsrr/,
    );
    await assert.rejects(
      service.create?.(fake, ['web', '--publish', '80'], out) as Promise<number>,
      /PUBLISHED:TARGET/,
    );
    await assert.rejects(service.scale?.(fake, ['web=x'], out) as Promise<number>, /invalid scale specifier/);
    assert.deepEqual(calls, []);
    await service.scale?.(fake, ['web=5'], out);
    assert.deepEqual(calls, [['service.scale', { service: 'web', replicas: 5 }]]);
    assert.equal(lines.at(-1), 'web scaled to 5');
  });
});

describe('services: the routing mesh on the ingress bridge', () => {
  test("an earlier life's address goes with its local FDB entry (else the bridge keeps its frames for the host)", () => {
    const { addr, fdb } = meshBridgeLines('sy-bing', '10.255.0.7', '02:42:0a:ff:00:07', ['10.255.0.2']);
    assert.deepEqual(
      addr.map((l) => l.text),
      ['addr del 10.255.0.2/32 dev sy-bing', 'addr replace 10.255.0.7/32 dev sy-bing'],
    );
    assert.deepEqual(
      fdb.map((l) => l.text),
      [
        'fdb del 02:42:0a:ff:00:02 dev sy-bing self local',
        'fdb replace 02:42:0a:ff:00:07 dev sy-bing self local',
      ],
    );
  });

  test('the address taken again (the one the bridge held) is not removed, nor its entry', () => {
    const { addr, fdb } = meshBridgeLines('sy-bing', '10.255.0.7', '02:42:0a:ff:00:07', ['10.255.0.7']);
    assert.deepEqual(
      addr.map((l) => l.text),
      ['addr replace 10.255.0.7/32 dev sy-bing'],
    );
    assert.deepEqual(
      fdb.map((l) => l.text),
      ['fdb replace 02:42:0a:ff:00:07 dev sy-bing self local'],
    );
  });
});
