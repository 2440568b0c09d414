// "Probe This Service" against real services on the overlay lab (three namespace hosts, a three-member etcd): the
// engine's `service.probe` sends the requests from a sandbox through the VIP and from one host's namespace to
// another host's published port, and the client's spread summary (views/service-spread.ts) tells the replicas
// and hosts apart from their answers. The tree rows of the same service are checked on the engine's own reply.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { type NamespaceHost, skipReason } from './harness';
import { OverlayLab, hostAddr, waitFor, NAME_RESPONDER } from './overlay-lab';
import { spreadOf, spreadVerdict } from '../../client/src/views/service-spread';
import { replicasByHost, serviceRow } from '../../client/src/tree/service-rows';

const skip = skipReason(spawnSync('which', ['etcd', 'setpriv']).status === 0 ? [] : ['etcd', 'setpriv']);

describe('Probe This Service: the spread of real answers over replicas and hosts', { skip }, () => {
  let lab: OverlayLab;
  let h0: NamespaceHost;
  let h1: NamespaceHost;
  before(async () => {
    lab = await OverlayLab.start();
    [h0, h1] = lab.hosts as [NamespaceHost, NamespaceHost, NamespaceHost];
    await waitFor('three alive nodes', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 3),
    );
    await h0.c.call('network.create', {
      name: 'pfront',
      driver: 'overlay',
      attachable: true,
      ipam: [{ subnet: '10.233.0.0/24', auxAddresses: {} }],
    });
    await h0.c.call('service.create', {
      name: 'echo',
      networks: ['pfront'],
      replicas: 3,
      ports: [{ published: 18088, target: 80 }],
      command: NAME_RESPONDER,
    });
    await waitFor(
      'three replicas running',
      async () =>
        (await h0.c.call('service.ps', { service: 'echo' })).filter((r) => r.state === 'running').length ===
        3,
      20_000,
    );
  });
  after(async () => lab?.close());

  test('the tree rows of the engine reply: VIP, 3/3 running on 3 hosts, one replica per host', async () => {
    const s = await h0.c.call('service.inspect', { service: 'echo' });
    const vip = s.networks.find((n) => n.name === 'pfront')?.vip?.split('/')[0] as string;
    assert.equal(serviceRow(s).description, `VIP ${vip} · 3/3 running · 3 hosts`);
    assert.equal(serviceRow(s).health, 'healthy');
    assert.deepEqual(
      replicasByHost(s).map((h) => h.replicas.length),
      [1, 1, 1],
    );
  });

  test('through the VIP from a sandbox: every replica answers, on every host, nothing fails', async () => {
    const s = await h0.c.call('service.inspect', { service: 'echo' });
    const vip = s.networks.find((n) => n.name === 'pfront')?.vip?.split('/')[0] as string;
    await h0.c.call('sandbox.create', { name: 'prober', networks: ['pfront'] });
    // The replicas' sets reach the client sandbox's maps in a moment: wait until each one has answered.
    await waitFor('every replica answering through the VIP', async () => {
      const r = await h0.c.call('service.probe', {
        from: { sandbox: 'prober' },
        host: vip,
        port: 80,
        count: 9,
      });
      return spreadOf(s, r.answers).replicas.every((x) => x.answers > 0);
    });
    const r = await h0.c.call('service.probe', {
      from: { sandbox: 'prober' },
      host: vip,
      port: 80,
      count: 90,
    });
    const spread = spreadOf(s, r.answers);
    assert.deepEqual([spread.sent, spread.answered, spread.failed], [90, 90, 0], spreadVerdict(spread));
    assert.deepEqual(spread.unidentified, []);
    for (const x of spread.replicas) assert.ok(x.answers >= 9, `${x.replica} answered ${x.answers} of 90`);
    assert.equal(spread.hosts.length, 3);
    assert.match(
      spreadVerdict(spread),
      /^90 requests: 90 answered, by 3 of 3 running replicas on 3 hosts, 0 failed$/,
    );
  });

  test("to a published port on another host, from a host's own namespace (the engine's pid)", async () => {
    const s = await h0.c.call('service.inspect', { service: 'echo' });
    const { pid } = await h1.c.call('version', {});
    const r = await waitFor('the routing mesh answering on host 0', async () => {
      const x = await h1.c.call('service.probe', {
        from: { pid },
        host: hostAddr(0),
        port: 18088,
        count: 30,
      });
      return x.answers.every((a) => a.ok) && x;
    });
    const spread = spreadOf(s, r.answers);
    assert.equal(spread.answered, 30, spreadVerdict(spread));
    assert.ok(spread.replicas.filter((x) => x.answers > 0).length >= 2, spreadVerdict(spread));
  });
});
