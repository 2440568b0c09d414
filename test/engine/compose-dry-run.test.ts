// The compose dry run (client/src/compose-actions) against a real engine in a throwaway namespace: networks and one
// sandbox per service built from a compose file, the reachability matrix measured, a refusal shown verbatim,
// and everything removed by the teardown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { CancellationToken } from 'vscode-jsonrpc/node';
import { EngineClient } from '@switchyard/hostio';
import { planDryRun } from '../../client/src/compose-actions/dry-run-plan';
import { runDryRun, tearDown } from '../../client/src/compose-actions/dry-run-runner';
import type { DryRunResources } from '../../client/src/compose-actions/dry-run-runner';
import { composeModel } from '../support/compose-model';
import { renderOutcome } from '../../client/src/compose-actions/matrix';
import type { DryRunOutcome } from '../../client/src/compose-actions/matrix';
import { NamespaceHost, skipReason } from './harness';

const skip = skipReason();

const compose = `
services:
  web:
    networks:
      front: { aliases: [www], ipv4_address: 10.77.1.10 }
      back:
  db:
    networks: [back]
  loner:
    networks:
      island: { ipv6_address: "fd77:3::33" }
  broken:
    networks: [weird]
  api:
    deploy: { replicas: 2 }
    networks: [back]
  edge:
    deploy: { replicas: 2 }
    ports:
      - { target: 80, published: 18080, mode: host }
    networks: [back]
networks:
  front:
    ipam: { config: [{ subnet: 10.77.1.0/24 }] }
  back:
    ipam: { config: [{ subnet: 10.77.2.0/24 }] }
  island:
    enable_ipv6: true
    ipam: { config: [{ subnet: 10.77.3.0/24 }, { subnet: "fd77:3::/64" }] }
  weird:
    driver: no-such-driver
`;

describe('compose dry run in a real engine', { skip }, () => {
  let h: NamespaceHost;
  let client: EngineClient;
  let outcome: DryRunOutcome;
  const made: DryRunResources = { networks: [], sandboxes: [] };

  before(async () => {
    h = await NamespaceHost.start();
    const socket = net.createConnection(h.socket);
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    client = (await EngineClient.connect(socket)).client;
    const plan = planDryRun(composeModel(compose, 'shop'));
    outcome = await runDryRun(client, plan, 'fake', made, () => undefined, CancellationToken.None);
  });
  after(async () => {
    client?.dispose();
    await h?.close();
  });

  const cell = (from: string, to: string) => outcome.cells.find((c) => c.from === from && c.to === to);

  test('the refused network and the service on it are shown with the engine refusal', () => {
    const weird = outcome.networks.find((n) => n.key === 'weird');
    assert.ok(weird?.error, 'the engine refuses an unknown driver');
    assert.match(weird.error, /no-such-driver/);
    assert.match(outcome.sandboxes.find((s) => s.service === 'broken')?.error ?? '', /"weird" was refused/);
    assert.match(renderOutcome(outcome), /✗ .*no-such-driver/);
  });

  test('services on a shared network ping each other and resolve each other by name', () => {
    const web = outcome.sandboxes.find((s) => s.service === 'web');
    assert.deepEqual(
      web?.addresses.map((a) => [a.network, a.ipv4?.split('/')[0]]).find(([n]) => n === 'front'),
      ['front', '10.77.1.10'],
      'the static address is applied',
    );
    assert.equal(cell('db', 'web')?.ping?.ok, true, JSON.stringify(cell('db', 'web')));
    assert.equal(cell('web', 'db')?.dns?.ok, true, JSON.stringify(cell('web', 'db')));
    assert.match(
      cell('db', 'web')?.dns?.detail ?? '',
      /^10\.77\.2\./,
      'db resolves web to its address on "back"',
    );
  });

  test('a static ipv6_address on the first network is applied at create', async () => {
    const loner = await client.call('sandbox.inspect', { sandbox: 'dry_shop_loner' });
    assert.equal(loner.endpoints[0]?.ipv6, 'fd77:3::33', JSON.stringify(loner.endpoints));
    assert.deepEqual(outcome.sandboxes.find((s) => s.service === 'loner')?.notes, []);
  });

  test('a service on another network neither reaches nor resolves the others', () => {
    assert.equal(cell('loner', 'db')?.ping?.ok, false, JSON.stringify(cell('loner', 'db')));
    assert.equal(cell('loner', 'db')?.dns?.ok, false, JSON.stringify(cell('loner', 'db')));
  });

  test('replicas: one sandbox each, the service name resolves to all of them and each is reached', () => {
    const api = outcome.sandboxes.filter((s) => s.service === 'api');
    assert.deepEqual(
      api.map((s) => [s.sandbox, s.error]),
      [
        ['dry_shop_api_1', undefined],
        ['dry_shop_api_2', undefined],
      ],
    );
    const addresses = api.map((s) => s.addresses[0]?.ipv4?.split('/')[0]).sort();
    const answers = (cell('db', 'api')?.dns?.detail ?? '').split(', ').sort();
    assert.deepEqual(answers, addresses, 'api resolves to both replicas (no VIP in a dry run)');
    assert.match(cell('db', 'api')?.ping?.detail ?? '', /^2\/2: /);
    assert.equal(cell('api', 'api')?.ping?.ok, true, 'replica 1 reaches replica 2');
    assert.match(renderOutcome(outcome), /\| api \| 2\/2 \| vip \| — \| ✓/);
  });

  test('a fixed host-mode port holds one replica; the other is pending in swarm words, not built', async () => {
    const edge = outcome.sandboxes.filter((s) => s.service === 'edge');
    assert.equal(edge[0]?.error, undefined);
    assert.equal(edge[1]?.pending, 'no suitable node (host-mode port already in use on 1 node)');
    const first = await client.call('sandbox.inspect', { sandbox: 'dry_shop_edge_1' });
    assert.deepEqual([...new Set(first.ports.map((p) => p.hostPort))], [18080], 'on each address family');
    const names = (await client.call('sandbox.ls', {})).map((s) => s.name);
    assert.ok(!names.includes('dry_shop_edge_2'));
  });

  test('the teardown removes every sandbox and network the dry run made', async () => {
    assert.ok(made.sandboxes.length >= 3 && made.networks.length >= 3);
    assert.deepEqual(await tearDown(client, made), []);
    const left = [
      ...(await client.call('sandbox.ls', {})).map((s) => s.name),
      ...(await client.call('network.ls', {})).map((n) => n.Name),
    ].filter((n) => n.startsWith('dry_'));
    assert.deepEqual(left, []);
  });
});
