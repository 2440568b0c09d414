// Overlay networks across three fake hosts (namespaces on an underlay bridge of their own), each with its
// own engine daemon, sharing a three-member etcd cluster in namespaces of its own. One lab for the whole
// file (etcd and three daemons take seconds to start); the tests run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { FakeHost, skipReason, tcpFetch, tcpServer } from './harness';
import { OverlayLab, expected, hostAddr, programmed, vxlanOf, waitFor } from './overlay-lab';

const skip = skipReason(spawnSync('which', ['etcd']).status === 0 ? [] : ['etcd']);
// Host 2's underlay has a smaller MTU: every overlay takes the lowest across the cluster (1400 − 50).
const MTU = 1350;

describe('engine: overlay networks across three hosts', { skip }, () => {
  let lab: OverlayLab;
  let h: FakeHost[];
  before(async () => {
    lab = await OverlayLab.start({ mtu: { 2: 1400 } });
    h = lab.hosts;
  });
  after(async () => lab?.close());

  const ping = (host: FakeHost, from: string, to: string, count = 2) =>
    host.c.call('diag.ping', { from: { sandbox: from }, host: to, count, intervalMs: 200, timeoutMs: 1500 });
  const ipOf = async (host: FakeHost, sb: string) =>
    (await host.c.call('sandbox.inspect', { sandbox: sb })).endpoints[0]?.ipv4 as string;
  const netId = async (name: string) => (await h[0]!.c.call('network.inspect', { network: name })).Id;

  test('every host registers under a lease; node ls shows all three alive', async () => {
    const nodes = await waitFor('three alive nodes', async () => {
      const r = await h[0]!.c.call('node.ls', {});
      return r.nodes.filter((n) => n.state === 'alive').length === 3 && r;
    });
    assert.equal(nodes.storeState, 'connected');
    assert.deepEqual(
      nodes.nodes.map((n) => n.address),
      [hostAddr(0), hostAddr(1), hostAddr(2)],
    );
    assert.ok(nodes.nodes.every((n) => n.engineVersion && n.leaseAgeS !== undefined));
    assert.equal(nodes.nodes.find((n) => n.self)?.address, hostAddr(0));
  });

  test('an overlay created on one host is global, visible on every host, with the lowest MTU − 50', async () => {
    await h[0]!.c.call('network.create', {
      name: 'ov1',
      driver: 'overlay',
      attachable: true,
      ipam: [{ subnet: '10.231.0.0/24', auxAddresses: {} }],
    });
    for (const host of h) {
      const n = await waitFor('ov1 on every host', () =>
        host.c.call('network.ls', {}).then((l) => l.find((x) => x.Name === 'ov1')),
      );
      assert.equal(n.Scope, 'global');
      assert.equal(n.Driver, 'overlay');
      assert.equal(n.Options['com.docker.network.driver.overlay.vxlanid_list'], '4097');
    }
    const link = JSON.parse(
      h[1]!.inHost(['ip', '-d', '-j', 'link', 'show', 'dev', vxlanOf(h[1]!, await netId('ov1'))]).stdout,
    )[0];
    assert.equal(link.mtu, MTU);
    assert.equal(link.linkinfo.info_data.id, 4097);
    assert.equal(link.linkinfo.info_data.port, 4789);
    assert.equal(link.linkinfo.info_data.learning, false);
  });

  test('ping, TCP and DNS by name between sandboxes on different hosts', async () => {
    await h[0]!.c.call('sandbox.create', { name: 'a1', networks: ['ov1'] });
    await h[1]!.c.call('sandbox.create', { name: 'b1', networks: ['ov1'], aliases: ['bee'] });
    await h[2]!.c.call('sandbox.create', { name: 'c1', networks: ['ov1'] });
    const b1 = await ipOf(h[1]!, 'b1');
    const c1 = await ipOf(h[2]!, 'c1');
    assert.equal((await ping(h[0]!, 'a1', b1)).received, 2);
    assert.equal((await ping(h[0]!, 'a1', c1)).received, 2);
    assert.equal((await ping(h[2]!, 'c1', 'b1')).received, 2, 'by name from the third host');
    const dns = await h[0]!.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'bee' });
    assert.deepEqual(
      dns.answers.map((a) => a.data),
      [b1],
    );
    await tcpServer(h[1]!, await h[1]!.netnsOf('b1'), 8080);
    assert.match(tcpFetch(await h[0]!.netnsOf('a1'), b1, 8080), /^hello /);
    const tcp = await h[0]!.c.call('diag.tcp', { from: { sandbox: 'a1' }, host: 'b1', port: 8080 });
    assert.equal(tcp.connected, true, JSON.stringify(tcp));
  });
});
