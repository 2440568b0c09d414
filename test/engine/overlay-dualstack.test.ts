// An overlay with an IPv6 subnet beside its IPv4 one (dual stack), across two fake hosts and one etcd
// member: IPv6 addresses claimed in the store (no address handed out twice, also when creates race on
// both hosts), permanent neighbour entries for both families on each VXLAN device, ping by IPv6 address
// and by name (AAAA from the embedded DNS), and a teardown that leaves no device and no key.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { type NamespaceHost, skipReason } from './harness';
import { OverlayLab, networkGone, expected, programmed, vxlanOf, waitFor } from './overlay-lab';

const skip = skipReason(spawnSync('which', ['etcd']).status === 0 ? [] : ['etcd']);

describe('engine: a dual-stack overlay (IPv6 subnet) across two hosts', { skip }, () => {
  let lab: OverlayLab;
  let h0: NamespaceHost;
  let h1: NamespaceHost;
  let id = '';
  before(async () => {
    lab = await OverlayLab.start({ hosts: 2, members: 1 });
    [h0, h1] = lab.hosts as [NamespaceHost, NamespaceHost];
  });
  after(async () => lab?.close());

  const ip6Of = async (h: NamespaceHost, sb: string) =>
    (await h.c.call('sandbox.inspect', { sandbox: sb })).endpoints[0]?.ipv6 as string;
  /** ping -6 inside a sandbox with its own /etc/netns files (so a name goes to 127.0.0.11). */
  const ping6 = async (h: NamespaceHost, sb: string, to: string) =>
    h.inHost([
      'ip',
      'netns',
      'exec',
      await h.netnsOf(sb),
      'ping',
      '-6',
      '-n',
      '-c',
      '2',
      '-i',
      '0.2',
      '-W',
      '2',
      to,
    ]);

  test('the network is created with both subnets and appears on the other host', async () => {
    await waitFor('two alive nodes', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 2),
    );
    await h0.c.call('network.create', {
      name: 'ds',
      driver: 'overlay',
      attachable: true,
      enableIPv6: true,
      ipam: [
        { subnet: '10.237.0.0/24', auxAddresses: {} },
        { subnet: 'fd00:237::/64', auxAddresses: {} },
      ],
    });
    const n = await waitFor('ds on host 2', () =>
      h1.c.call('network.inspect', { network: 'ds' }).catch(() => undefined),
    );
    id = n.Id;
    assert.equal(n.EnableIPv6, true);
    assert.deepEqual(
      n.IPAM.Config.map((c) => c.Subnet),
      ['10.237.0.0/24', 'fd00:237::/64'],
    );
  });

  test('IPv6 addresses are claimed across hosts: parallel creates on both hosts never share one', async () => {
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? h1 : h0).c.call('sandbox.create', { name: `d${i}`, networks: ['ds'] }),
      ),
    );
    const v6 = made.map((s) => s.endpoints[0]?.ipv6);
    assert.ok(
      v6.every((a) => a?.startsWith('fd00:237::')),
      JSON.stringify(v6),
    );
    assert.equal(new Set(v6).size, 8, `duplicates in ${JSON.stringify(v6)}`);
    const v4 = made.map((s) => s.endpoints[0]?.ipv4);
    assert.equal(new Set(v4).size, 8);
  });

  test('each VXLAN device holds an IPv6 and an IPv4 neighbour entry per remote endpoint', async () => {
    for (const [i, h] of [h0, h1].entries()) {
      const want = await expected(lab, i, 'ds');
      const other = i ? h0 : h1;
      const v6 = (await other.c.call('sandbox.ls', {})).flatMap((s) =>
        s.endpoints.filter((e) => e.network === 'ds' && e.ipv6).map((e) => `${e.ipv6}>${e.mac}`),
      );
      const neigh = [...want.neigh, ...v6].sort();
      await waitFor(`host ${i + 1}'s entries for both families`, () => {
        const got = programmed(h, vxlanOf(h, id));
        return (
          (JSON.stringify(got.fdb) === JSON.stringify(want.fdb) &&
            JSON.stringify(got.neigh) === JSON.stringify(neigh)) ||
          undefined
        );
      });
    }
  });

  test('ping -6 across hosts by address and by name; the embedded DNS answers AAAA', async () => {
    const a1 = await ip6Of(h1, 'd1');
    const byAddr = await ping6(h0, 'd0', a1);
    assert.equal(byAddr.status, 0, byAddr.stdout + byAddr.stderr);
    assert.match(byAddr.stdout, /2 received/);
    const aaaa = await h0.c.call('diag.dns', { from: { sandbox: 'd0' }, name: 'd1', type: 'AAAA' });
    assert.deepEqual(
      aaaa.answers.map((a) => a.data),
      [a1],
    );
    const byName = await ping6(h1, 'd3', 'd2');
    assert.equal(byName.status, 0, byName.stdout + byName.stderr);
    assert.match(byName.stdout, new RegExp(`from ${await ip6Of(h0, 'd2')}`));
  });

  test('an endpoint that leaves takes its IPv6 entry with it on the other host', async () => {
    const gone = await ip6Of(h1, 'd7');
    await h1.c.call('sandbox.rm', { sandbox: 'd7' });
    await waitFor(
      'the IPv6 entry of d7 gone from host 1',
      () => !programmed(h0, vxlanOf(h0, id)).neigh.some((n) => n.startsWith(`${gone}>`)) || undefined,
    );
  });

  test('teardown leaves no VXLAN device and no etcd key of the network', async () => {
    for (let i = 0; i < 7; i++) await (i % 2 ? h1 : h0).c.call('sandbox.rm', { sandbox: `d${i}` });
    await h0.c.call('network.rm', { network: 'ds' });
    await networkGone(lab, [h0, h1], id);
  });
});
