import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostNetwork } from '@switchyard/protocol';
import { sandboxPortOwner } from '@switchyard/core';
import { composeModel } from '../../../support/compose-model';
import { hostNetwork } from '../../../support/host-snapshot';
import { planNetworkCreates } from '../../../../client/src/compose-actions/create-plan';
import { dryName, planDryRun } from '../../../../client/src/compose-actions/dry-run-plan';
import { DRY_RUN_LABEL } from '../../../../client/src/compose-actions/dry-run-plan';
import { dryRunsInEngine, withoutDryRuns } from '../../../../client/src/compose-actions/dry-runs';
import { addressToReach, renderOutcome } from '../../../../client/src/compose-actions/matrix';
import { summarise } from '../../../../client/src/compose-actions/dry-run-runner';

/** The compose file both the network model's test and this one read (test/fixtures/compose-model/). */
const compose = readFileSync(
  join(__dirname, '..', '..', '..', 'fixtures', 'compose-model', 'compose.yaml'),
  'utf8',
);

const hostNet = (name: string, subnet: string, source: 'docker' | 'engine' = 'docker'): HostNetwork =>
  hostNetwork(name, { id: `${name}-id-0123456789`, subnets: [{ subnet }], source });

test('create plan: compose labels, external skipped, existing skipped, overlap and bad IPAM refused', () => {
  const p = composeModel(compose, 'app');
  const items = planNetworkCreates(p, [hostNet('app_back', '172.30.0.0/16')], 'docker');
  assert.deepEqual(
    items.map((i) => i.request.name),
    ['app_front', 'app_back', 'app_default'],
  );
  assert.equal(items[0]?.skip, undefined);
  assert.deepEqual(items[0]?.request.labels, {
    'com.docker.compose.network': 'front',
    'com.docker.compose.project': 'app',
  });
  assert.match(items[1]?.skip ?? '', /already exists/);
  assert.equal(items[1]?.error, false);
  const overlapping = planNetworkCreates(p, [hostNet('lan', '10.40.0.0/16')], 'engine');
  assert.match(
    overlapping[0]?.skip ?? '',
    /Pool overlaps.*10\.40\.0\.0\/24 overlaps 10\.40\.0\.0\/16 of "lan"/,
  );
  assert.equal(overlapping[0]?.error, true);
  const bad = composeModel(
    'networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.9.0.0/24\n          gateway: 10.8.0.1\n',
    'x',
  );
  assert.match(planNetworkCreates(bad, [], 'docker')[0]?.skip ?? '', /^invalid network config:/);
});

test('create plan: two networks of the same file that overlap each other are caught', () => {
  const two = composeModel(
    'networks:\n  a:\n    ipam: { config: [{ subnet: 10.7.0.0/16 }] }\n  b:\n    ipam: { config: [{ subnet: 10.7.1.0/24 }] }\n',
    'x',
  );
  const items = planNetworkCreates(two, [], 'engine');
  assert.equal(items[0]?.skip, undefined);
  assert.match(items[1]?.skip ?? '', /overlaps 10\.7\.0\.0\/16 of "x_a"/);
});

test('dry-run plan: prefixed names, service name as alias, network_mode service after its target', () => {
  const plan = planDryRun(composeModel(compose, 'app'));
  assert.equal(dryName('app', 'front'), 'dry_app_front');
  assert.ok(plan.networks.every((n) => n.engineName.startsWith('dry_app_')));
  const web = plan.sandboxes.find((s) => s.service === 'web');
  assert.deepEqual(web?.attachments[0], {
    key: 'front',
    engineName: 'dry_app_front',
    aliases: ['web', 'tasks.web', 'www'],
    ipv4: '10.40.0.10',
  });
  assert.deepEqual(
    plan.sandboxes.find((s) => s.service === 'lone')?.attachments.map((a) => a.engineName),
    ['dry_app_default'],
  );
  const order = plan.sandboxes.map((s) => s.service);
  assert.equal(order.at(-1), 'sidecar');
  assert.equal(plan.sandboxes.at(-1)?.mode, 'container:dry_app_web');
});

const swarmish = `
services:
  api:
    deploy: { replicas: 3, endpoint_mode: dnsrr }
    ports:
      - { target: 80, published: 8080, mode: host }
  web:
    deploy: { replicas: 2 }
    ports: ["9000:80"]
  rr:
    deploy: { endpoint_mode: dnsrr }
    ports: ["7000:80"]
  odd:
    deploy: { endpoint_mode: roundrobin }
  many:
    scale: 40
  none:
    deploy: { replicas: 0 }
  side:
    network_mode: service:api
`;

test('dry-run plan: replicas, endpoint modes and publish modes as swarm takes them', () => {
  const p = composeModel(swarmish, 'app');
  const plan = planDryRun(p);
  const svc = (name: string) => plan.services.find((s) => s.service === name);
  const boxes = (name: string) => plan.sandboxes.filter((s) => s.service === name);
  // Three replicas, numbered; a fixed host-mode port holds one per host, the others stay pending in swarm's words.
  assert.deepEqual(
    boxes('api').map((b) => [b.sandbox, b.replica, b.pending, b.publish]),
    [
      ['dry_app_api_1', 1, undefined, ['8080:80']],
      ['dry_app_api_2', 2, 'no suitable node (host-mode port already in use on 1 node)', ['8080:80']],
      ['dry_app_api_3', 3, 'no suitable node (host-mode port already in use on 1 node)', ['8080:80']],
    ],
  );
  assert.deepEqual(svc('api')?.ports, ['8080:80 (host)']);
  assert.equal(svc('api')?.endpointMode, 'dnsrr');
  assert.deepEqual(boxes('api')[0]?.attachments[0]?.aliases, ['api', 'tasks.api']);
  // An ingress port is published once (replica 1 stands in for the routing mesh); vip is said to be missing.
  assert.deepEqual(
    boxes('web').map((b) => b.publish),
    [['9000:80'], []],
  );
  assert.match(svc('web')?.notes.join('\n') ?? '', /no virtual IP here/);
  assert.match(svc('web')?.notes.join('\n') ?? '', /published by replica 1 only/);
  // What swarm refuses is not built, and says why in swarm's words.
  assert.equal(
    svc('rr')?.refused,
    "EndpointSpec: port published with ingress mode can't be used with dnsrr mode",
  );
  assert.equal(boxes('rr').length, 0);
  assert.equal(svc('odd')?.refused, 'invalid resolution mode: "roundrobin"');
  // Bounded: 40 replicas asked, 16 built; 0 replicas build nothing.
  assert.equal(boxes('many').length, 16);
  assert.match(svc('many')?.notes[0] ?? '', /40 replicas asked; the dry run builds 16/);
  assert.deepEqual([svc('none')?.built, boxes('none').length], [0, 0]);
  // network_mode service:api joins api's first replica.
  assert.equal(boxes('side')[0]?.mode, 'container:dry_app_api_1');
  assert.equal(composeModel('services:\n  g:\n    deploy: { mode: global }\n', 'x').services[0]?.replicas, 1);
});

test('matrix: services with their replicas, pending replicas, n/m reach summaries', () => {
  const plan = planDryRun(composeModel(swarmish, 'app'));
  const box = (service: string, replica: number, ipv4: string) => ({
    service,
    sandbox: `dry_app_${service}_${replica}`,
    replica,
    addresses: [{ network: 'default', ipv4 }],
    notes: [],
  });
  const md = renderOutcome({
    project: 'app',
    host: 'h',
    networks: [],
    services: plan.services,
    sandboxes: [
      box('api', 1, '10.0.0.2/24'),
      {
        ...box('api', 2, ''),
        addresses: [],
        pending: 'no suitable node (host-mode port already in use on 1 node)',
      },
      box('web', 1, '10.0.0.4/24'),
      box('web', 2, '10.0.0.5/24'),
    ],
    cells: [
      {
        from: 'api',
        to: 'web',
        ping: summarise([
          { ok: true, detail: '10.0.0.4' },
          { ok: false, detail: '10.0.0.5' },
        ]),
      },
      { from: 'web', to: 'web', ping: { ok: true, detail: '10.0.0.5' } },
    ],
  });
  assert.match(md, /\| api \| 1\/3 \| dnsrr \| 8080:80 \(host\) \| ⚠ 1 of 3 up/);
  assert.match(
    md,
    /\| rr \| 0\/1 \| dnsrr \| 7000:80 \(ingress\) \| ✗ EndpointSpec: port published with ingress mode/,
  );
  assert.match(md, /\| api #2 \| dry_app_api_2 \| — \| ⏸ pending: no suitable node/);
  assert.match(md, /\| \*\*api\*\* \| · \| ✗ 1\/2: 10\.0\.0\.4, ✗ 10\.0\.0\.5 \|/);
  assert.match(md, /\| \*\*web\*\* \| – \| ✓ 10\.0\.0\.5 \|/);
});

test('matrix: a shared network is preferred, isolation shows as a failed cell, refusals are shown verbatim', () => {
  const web = {
    service: 'web',
    sandbox: 's1',
    addresses: [
      { network: 'front', ipv4: '10.40.0.10/24' },
      { network: 'back', ipv4: '10.41.0.2/24' },
    ],
    notes: [],
  };
  const db = {
    service: 'db',
    sandbox: 's2',
    addresses: [{ network: 'back', ipv4: '10.41.0.3/24' }],
    notes: [],
  };
  const out = {
    service: 'out',
    sandbox: 's3',
    addresses: [{ network: 'other', ipv4: '10.42.0.2/24' }],
    notes: [],
  };
  assert.equal(addressToReach(db, web), '10.41.0.2');
  assert.equal(addressToReach(db, out), '10.42.0.2');
  const md = renderOutcome({
    project: 'app',
    host: 'localhost',
    networks: [{ key: 'front', engineName: 'dry_app_front', error: 'driver "overlay" is not supported' }],
    sandboxes: [web, db],
    cells: [
      {
        from: 'web',
        to: 'db',
        ping: { ok: true, detail: '10.41.0.3' },
        dns: { ok: false, detail: 'NXDOMAIN' },
      },
    ],
  });
  assert.match(md, /✗ driver "overlay" is not supported/);
  assert.match(md, /\| \*\*web\*\* \| · \| ✓ 10\.41\.0\.3 \|/);
  assert.match(md, /\| \*\*web\*\* \| · \| ✗ NXDOMAIN \|/);
  assert.match(md, /\| \*\*db\*\* \| – \| · \|/);
});

test('dry runs found in the engine: by network label, attached sandboxes, then namespace sharers by prefix', () => {
  const ep = (network: string) => [{ network }];
  const runs = dryRunsInEngine(
    [
      { Name: 'dry_a_front', Labels: { [DRY_RUN_LABEL]: 'a' } },
      { Name: 'dry_a_b_front', Labels: { [DRY_RUN_LABEL]: 'a_b' } },
      { Name: 'prod', Labels: { team: 'x' } },
    ],
    [
      { name: 'dry_a_side', endpoints: [] },
      { name: 'dry_a_web', endpoints: ep('dry_a_front') },
      { name: 'dry_a_b_host', endpoints: [] },
      { name: 'dry_a_b_web', endpoints: ep('dry_a_b_front') },
      { name: 'mine', endpoints: ep('prod') },
      { name: 'dry_zzz_web', endpoints: [] },
    ],
  );
  assert.deepEqual(Object.fromEntries(runs), {
    a: { networks: ['dry_a_front'], sandboxes: ['dry_a_web', 'dry_a_side'] },
    a_b: { networks: ['dry_a_b_front'], sandboxes: ['dry_a_b_web', 'dry_a_b_host'] },
  });
});

test('the snapshot sent to the language server leaves out what dry runs hold, and only that', () => {
  const net = (name: string, labels: Record<string, string>, subnet: string, containers: string[]) => ({
    id: name,
    name,
    driver: 'bridge',
    scope: 'local',
    internal: false,
    subnets: [{ subnet }],
    containers,
    source: 'engine' as const,
    labels,
  });
  const port = (port: number, owner: string) => ({
    hostIp: '0.0.0.0',
    port,
    protocol: 'tcp' as const,
    owner,
    kind: 'published' as const,
  });
  const snap = {
    host: 'h',
    takenAt: 'now',
    networks: [
      net('dry_a_front', { [DRY_RUN_LABEL]: 'a' }, '10.9.0.0/24', ['dry_a_web']),
      net('prod', {}, '10.8.0.0/24', ['api']),
    ],
    ports: [
      port(8080, sandboxPortOwner('dry_a_web')),
      port(9000, sandboxPortOwner('api')),
      port(22, 'a process'),
    ],
    routes: ['10.9.0.0/24', '10.8.0.0/24', '192.168.1.0/24'],
  };
  const clean = withoutDryRuns(snap);
  assert.deepEqual(
    clean.networks.map((n) => n.name),
    ['prod'],
  );
  assert.deepEqual(
    clean.ports.map((p) => p.port),
    [9000, 22],
  );
  assert.deepEqual(clean.routes, ['10.8.0.0/24', '192.168.1.0/24']);
  assert.equal(snap.networks.length, 2, 'the host snapshot itself is left as it is');
});
