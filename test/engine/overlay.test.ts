// Overlay networks across three namespace hosts (namespaces on an underlay bridge of their own), each with its
// own engine daemon, sharing a three-member etcd cluster in namespaces of its own. One lab for the whole
// file (etcd and three daemons take seconds to start); the tests run in order and build on each other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EtcdCluster } from '../support/etcd';
import { type NamespaceHost, sh, skipReason, tcpFetch, tcpServer } from './harness';
import {
  OverlayLab,
  bypassOf,
  dfPing,
  expected,
  expectedLocal,
  hostAddr,
  programmed,
  vxlanOf,
  waitFor,
} from './overlay-lab';

const skip = skipReason(spawnSync('which', ['etcd']).status === 0 ? [] : ['etcd']);
// Host 2's underlay has a smaller MTU: every overlay takes the lowest across the cluster (1400 − 50).
const MTU = 1350;

describe('engine: overlay networks across three hosts', { skip }, () => {
  let lab: OverlayLab;
  let h: NamespaceHost[];
  let h0: NamespaceHost;
  let h1: NamespaceHost;
  let h2: NamespaceHost;
  let etcd: EtcdCluster;
  before(async () => {
    lab = await OverlayLab.start({ mtu: { 2: 1400 } });
    h = lab.hosts;
    [h0, h1, h2] = h as [NamespaceHost, NamespaceHost, NamespaceHost];
    etcd = lab.etcd as EtcdCluster;
  });
  after(async () => lab?.close());

  const ping = (host: NamespaceHost, from: string, to: string, count = 2) =>
    host.c.call('diag.ping', { from: { sandbox: from }, host: to, count, intervalMs: 200, timeoutMs: 1500 });
  const host = (i: number) => h[i] as NamespaceHost;
  const member0 = () => etcd.members[0] as EtcdCluster['members'][number];
  const ipOf = async (host: NamespaceHost, sb: string) =>
    (await host.c.call('sandbox.inspect', { sandbox: sb })).endpoints[0]?.ipv4 as string;
  const netId = async (name: string) => (await h0.c.call('network.inspect', { network: name })).Id;

  test('every host registers under a lease; node ls shows all three alive', async () => {
    const nodes = await waitFor('three alive nodes', async () => {
      const r = await h0.c.call('node.ls', {});
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
    await h0.c.call('network.create', {
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
      h1.inHost(['ip', '-d', '-j', 'link', 'show', 'dev', vxlanOf(h1, await netId('ov1'))]).stdout,
    )[0];
    assert.equal(link.mtu, MTU);
    assert.equal(link.linkinfo.info_data.id, 4097);
    assert.equal(link.linkinfo.info_data.port, 4789);
    assert.equal(link.linkinfo.info_data.learning, false);
  });

  test('a sandbox made on other hosts right after the create finds the network (no "not found" race)', async () => {
    await h0.c.call('network.create', { name: 'ovr', driver: 'overlay', attachable: true });
    // No wait for the other hosts' watch: they read the store when they do not know the name yet.
    const made = await Promise.all([
      h1.c.call('sandbox.create', { name: 'r1', networks: ['ovr'] }),
      h2.c.call('sandbox.create', { name: 'r2', networks: ['ovr'] }),
    ]);
    assert.deepEqual(
      made.map((m) => m.endpoints.map((e) => e.network)),
      [['ovr'], ['ovr']],
    );
    await h1.c.call('sandbox.rm', { sandbox: 'r1' });
    await h2.c.call('sandbox.rm', { sandbox: 'r2' });
    await h0.c.call('network.rm', { network: 'ovr' });
  });

  test('ping, TCP and DNS by name between sandboxes on different hosts', async () => {
    await h0.c.call('sandbox.create', { name: 'a1', networks: ['ov1'] });
    await h1.c.call('sandbox.create', { name: 'b1', networks: ['ov1'], aliases: ['bee'] });
    await h2.c.call('sandbox.create', { name: 'c1', networks: ['ov1'] });
    const b1 = await ipOf(h1, 'b1');
    const c1 = await ipOf(h2, 'c1');
    await pings(h0, 'a1', b1);
    await pings(h0, 'a1', c1);
    await pings(h2, 'c1', 'b1', 'by name from the third host');
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'bee' });
    assert.deepEqual(
      dns.answers.map((a) => a.data),
      [b1],
    );
    await tcpServer(h1, await h1.netnsOf('b1'), 8080);
    assert.match(tcpFetch(await h0.netnsOf('a1'), b1, 8080), /^hello /);
    const tcp = await h0.c.call('diag.tcp', { from: { sandbox: 'a1' }, host: 'b1', port: 8080 });
    assert.equal(tcp.connected, true, JSON.stringify(tcp));
  });

  test('frames between hosts skip the host bridge (nftables netdev fwd): they flow with the bridge port of the VXLAN device disabled', async () => {
    const id = await netId('ov1');
    await converged('ov1');
    const b1 = await ipOf(h1, 'b1');
    const inspect = await h0.c.call('network.inspect', { network: 'ov1' });
    assert.match(inspect.Bypass ?? '', /^on \(nft table netdev switchyard_/, inspect.Bypass);
    const before = [bypassOf(h0, id), bypassOf(h1, id)];
    await pings(h0, 'a1', b1);
    // The bridge can no longer carry a frame between a sandbox and the VXLAN device on either host.
    const port = (host: NamespaceHost, state: string) =>
      host.inHost(['bridge', 'link', 'set', 'dev', vxlanOf(host, id), 'state', state]);
    for (const host of [h0, h1]) assert.equal(port(host, '0').status, 0);
    try {
      await pings(h0, 'a1', b1, 'with both VXLAN bridge ports disabled');
      assert.match(tcpFetch(await h0.netnsOf('a1'), b1, 8080), /^hello /);
    } finally {
      for (const host of [h0, h1]) port(host, '3');
    }
    const after = [bypassOf(h0, id), bypassOf(h1, id)];
    for (const i of [0, 1]) {
      const [b, a] = [before[i], after[i]];
      assert.ok(b && a, 'a bypass table on both hosts');
      assert.ok(
        a.toVxlan >= b.toVxlan + 4,
        `host ${i + 1}: frames to the VXLAN device ${b.toVxlan} → ${a.toVxlan}`,
      );
      assert.ok(
        a.fromVxlan >= b.fromVxlan + 4,
        `host ${i + 1}: frames from it ${b.fromVxlan} → ${a.fromVxlan}`,
      );
    }
    // A connect and a disconnect elsewhere: every host's bypass follows its FDB.
    await h2.c.call('sandbox.create', { name: 'x1', networks: ['ov1'] });
    await converged('ov1');
    await h2.c.call('network.disconnect', { network: 'ov1', sandbox: 'x1' });
    await converged('ov1');
    await h2.c.call('sandbox.rm', { sandbox: 'x1' });
    // Traffic to the gateway (DNS) and between local sandboxes still takes the bridge.
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'bee' });
    assert.deepEqual(
      dns.answers.map((a) => a.data),
      [b1],
    );
  });

  test('a sandbox on an overlay without services has no netfilter: no ruleset, no conntrack entry after DNS, ping and TCP', async () => {
    // nat or ct rules in a namespace make the kernel run conntrack and the nat hooks on every packet there
    // (bench/README.md, overlay 7th pass); the 127.0.0.11 redirect is a route (sandbox/dns-route.ts).
    const b1 = await ipOf(h1, 'b1');
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'bee' });
    assert.deepEqual(
      dns.answers.map((a) => a.data),
      [b1],
    );
    for (const proto of ['+notcp', '+tcp']) {
      const ns = await h0.netnsOf('a1');
      const dig = sh(['ip', 'netns', 'exec', ns, 'dig', '+short', '+tries=1', '+time=2', proto, 'bee', 'A']);
      assert.equal(dig.stdout.trim(), b1, `dig ${proto} through 127.0.0.11: ${dig.stderr}`);
    }
    await pings(h0, 'a1', b1);
    assert.match(tcpFetch(await h0.netnsOf('a1'), b1, 8080), /^hello /);
    for (const [host, name] of [
      [h0, 'a1'],
      [h1, 'b1'],
    ] as const) {
      const inside = ['nsenter', `--net=/run/netns/${await host.netnsOf(name)}`, '--'];
      const ruleset = sh([...inside, 'nft', 'list', 'ruleset']);
      assert.equal(ruleset.status, 0, ruleset.stderr);
      assert.equal(ruleset.stdout.trim(), '', `${name}: no nft table in the sandbox`);
      const count = sh([...inside, 'cat', '/proc/sys/net/netfilter/nf_conntrack_count']);
      if (count.status === 0)
        assert.equal(count.stdout.trim(), '0', `${name}: nothing tracked in the sandbox`);
    }
  });

  test('an overlay with ICC off keeps every frame on the bridge (its isolation acts there): no bypass table', async () => {
    await h0.c.call('network.create', {
      name: 'ovn',
      driver: 'overlay',
      attachable: true,
      options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
    await h1.c.call('sandbox.create', { name: 'n1', networks: ['ovn'] }).catch(async () => {
      await waitFor('ovn on host 2', () =>
        h1.c.call('network.ls', {}).then((l) => l.some((n) => n.Name === 'ovn')),
      );
      return h1.c.call('sandbox.create', { name: 'n1', networks: ['ovn'] });
    });
    await h0.c.call('sandbox.create', { name: 'n0', networks: ['ovn'] });
    const id = await netId('ovn');
    const inspect = await h0.c.call('network.inspect', { network: 'ovn' });
    assert.match(inspect.Bypass ?? '', /^off: ICC is off on this network/, inspect.Bypass);
    for (const host of [h0, h1]) assert.equal(bypassOf(host, id), undefined);
    for (const [host, sb] of [
      [h0, 'n0'],
      [h1, 'n1'],
    ] as const)
      await host.c.call('sandbox.rm', { sandbox: sb });
    await waitFor('rm ovn', () => h0.c.call('network.rm', { network: 'ovn' }).then(() => true));
  });

  test('two overlays are isolated: no traffic and no names between them', async () => {
    await h1.c.call('network.create', { name: 'ov2', driver: 'overlay', attachable: true });
    await waitFor('ov2 on host 3', () =>
      h2.c.call('network.ls', {}).then((l) => l.some((n) => n.Name === 'ov2')),
    );
    const d2 = await h2.c.call('sandbox.create', { name: 'd2', networks: ['ov2'] });
    const ip = d2.endpoints[0]?.ipv4 as string;
    const inspect = await h0.c.call('network.inspect', { network: 'ov2' });
    assert.equal(inspect.Options['com.docker.network.driver.overlay.vxlanid_list'], '4098');
    assert.equal((await ping(h0, 'a1', ip, 2)).received, 0);
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'd2' });
    assert.equal(dns.answers.length, 0, JSON.stringify(dns));
    // …while d2's own network works across hosts.
    await h0.c.call('sandbox.create', { name: 'a2', networks: ['ov2'] });
    await pings(h0, 'a2', 'd2');
  });

  test('an internal overlay carries traffic between hosts but has no egress', async () => {
    await h0.c.call('network.create', {
      name: 'ovi',
      driver: 'overlay',
      attachable: true,
      internal: true,
    });
    await waitFor('ovi on host 2', () =>
      h1.c.call('network.ls', {}).then((l) => l.some((n) => n.Name === 'ovi')),
    );
    await h0.c.call('sandbox.create', { name: 'i0', networks: ['ovi'] });
    await h1.c.call('sandbox.create', { name: 'i1', networks: ['ovi'] });
    // Host 1 learns i1 from host 2's announcement through etcd (how fast is bench/overlay's figure, not this
    // test's): wait until its name resolves, then check the traffic.
    await waitFor('i1 known on host 1', () =>
      h0.c.call('diag.dns', { from: { sandbox: 'i0' }, name: 'i1' }).then((d) => d.answers.length > 0),
    );
    await pings(h0, 'i0', 'i1');
    // Egress: host 2's underlay address is outside the overlay; a1 (not internal) reaches it, i0 does not.
    await pings(h0, 'a1', hostAddr(1));
    assert.equal((await ping(h0, 'i0', hostAddr(1))).received, 0);
    const routes = h0.inHost(['ip', '-n', await h0.netnsOf('i0'), 'route', 'show', 'default']).stdout;
    assert.equal(routes.trim(), '');
  });

  test('a static address on an overlay whose subnet was not configured is refused, as Docker', async () => {
    await h0.c.call('network.create', { name: 'ovauto', driver: 'overlay', attachable: true });
    await assert.rejects(
      h1.c.call('sandbox.create', { name: 'st1', networks: ['ovauto'], ip: '10.0.0.9' }),
      /user specified IP address is supported only when connecting to networks with user configured subnets/,
    );
    await h0.c.call('network.rm', { network: 'ovauto' });
  });

  test('a network not created --attachable refuses sandboxes, as Docker', async () => {
    await h0.c.call('network.create', { name: 'ovna', driver: 'overlay', attachable: false });
    await assert.rejects(
      h0.c.call('sandbox.create', { name: 'na', networks: ['ovna'] }),
      /network ovna not manually attachable/,
    );
    await h0.c.call('network.rm', { network: 'ovna' });
  });

  test('-o encrypted is refused, naming what the kernel lacks', async (t) => {
    const r = h0.c.call('network.create', {
      name: 'ovenc',
      driver: 'overlay',
      options: { encrypted: '' },
    });
    await assert.rejects(r, (e: Error) => {
      // This kernel has neither; elsewhere the message names the one that is there.
      assert.match(e.message, /encrypted/);
      assert.match(e.message, /IPsec ESP|WireGuard/);
      return true;
    });
    t.diagnostic('refusal checked');
  });

  test('the same VNI or name cannot be claimed twice, from any host', async () => {
    await assert.rejects(
      h2.c.call('network.create', { name: 'ov1', driver: 'overlay' }),
      /network with name ov1 already exists/,
    );
    await assert.rejects(
      h2.c.call('network.create', {
        name: 'ov9',
        driver: 'overlay',
        options: { 'com.docker.network.driver.overlay.vxlanid_list': '4097' },
      }),
      /VXLAN id 4097 is used by network ov1/,
    );
    await assert.rejects(
      h1.c.call('network.create', {
        name: 'ov9',
        driver: 'overlay',
        ipam: [{ subnet: '10.231.0.0/24', auxAddresses: {} }],
      }),
      /Pool overlaps/,
    );
  });

  test('50 parallel connects spread over the three hosts never hand out an address twice', async () => {
    const made = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        host(i % 3).c.call('sandbox.create', { name: `p${i}`, networks: ['ov1'] }),
      ),
    );
    const ips = made.map((s) => s.endpoints[0]?.ipv4 as string);
    assert.equal(new Set(ips).size, 50, `duplicates in ${ips.join(' ')}`);
    const taken = [await ipOf(h0, 'a1'), await ipOf(h1, 'b1'), await ipOf(h2, 'c1')];
    assert.ok(!ips.some((ip) => taken.includes(ip)));
    // Each join claims its address with its announce (one transaction): one that found its pick held took
    // another and re-addressed its interface. The kernel, and the store's claim, agree with every record.
    const netIdOv1 = await netId('ov1');
    for (const [i, sb] of made.entries()) {
      const ip = sb.endpoints[0]?.ipv4 as string;
      const inside = host(i % 3).inHost([
        'ip',
        '-n',
        sb.netns,
        '-4',
        '-o',
        'addr',
        'show',
        'dev',
        'eth0',
      ]).stdout;
      assert.deepEqual(
        [...inside.matchAll(/inet (\S+)\//g)].map((m) => m[1]),
        [ip],
        `${sb.name}: the interface holds its recorded address only`,
      );
      const claim = lab.etcdGet(`/switchyard/v1/ipam/${netIdOv1}/${ip}`);
      assert.equal(
        JSON.parse(claim ?? '{}').endpoint,
        sb.endpoints[0]?.id,
        `${sb.name}: the claim is its own`,
      );
    }
    const moved = h.map((x) => x.log.split('address held by another host').length - 1);
    console.log(`joins that found their first pick held and took another, per host: ${moved.join(' / ')}`);
    // Every host programs every remote one of them.
    const id = await netId('ov1');
    for (const [i, host] of h.entries()) {
      const want = await expected(lab, i, 'ov1');
      await waitFor(`host ${i + 1} programs the 50`, () => {
        const got = programmed(host, vxlanOf(host, id));
        return JSON.stringify(got) === JSON.stringify(want) || undefined;
      });
    }
    await Promise.all(made.map((s, i) => host(i % 3).c.call('sandbox.rm', { sandbox: s.name })));
    for (const [i, host] of h.entries()) {
      const want = await expected(lab, i, 'ov1');
      await waitFor(`host ${i + 1} drops the 50`, () => {
        const got = programmed(host, vxlanOf(host, id));
        return JSON.stringify(got) === JSON.stringify(want) || undefined;
      });
    }
  });

  test('an address claimed in the store that no row shows (a claim in flight elsewhere): the join, which claims with its announce, takes the next one, re-addresses its interface and never touches that claim', async () => {
    const id = await netId('ov1');
    // The address host 2 picks next: the first free one it knows of (first-free scan), free again after rm.
    const probe = await h1.c.call('sandbox.create', { name: 'held0', networks: ['ov1'] });
    const next = probe.endpoints[0]?.ipv4 as string;
    await h1.c.call('sandbox.rm', { sandbox: 'held0' });
    const key = `/switchyard/v1/ipam/${id}/${next}`;
    const claim = JSON.stringify({ host: '198.18.0.99', endpoint: 'elsewhere' });
    await waitFor('the probe claim released', () => lab.etcdGet(key) === null || undefined);
    lab.etcdPut(key, claim);
    try {
      const sb = await h1.c.call('sandbox.create', { name: 'held1', networks: ['ov1'] });
      const ip = sb.endpoints[0]?.ipv4 as string;
      assert.notEqual(ip, next, 'the held address is not handed out');
      assert.match(h1.log, /address held by another host; the endpoint takes another/);
      // Its MAC follows the address (02:42 and the address's bytes), as every endpoint's: not the held one's.
      const mac = `02:42:${ip
        .split('.')
        .map((b) => Number(b).toString(16).padStart(2, '0'))
        .join(':')}`;
      assert.equal(sb.endpoints[0]?.mac, mac);
      assert.match(h1.inHost(['ip', '-n', sb.netns, 'link', 'show', 'dev', 'eth0']).stdout, new RegExp(mac));
      // The interface, the files and the store all carry the new address.
      const addrs = h1.inHost(['ip', '-n', sb.netns, '-4', '-o', 'addr', 'show', 'dev', 'eth0']).stdout;
      assert.match(addrs, new RegExp(` ${ip.replaceAll('.', '\\.')}/24 `));
      assert.doesNotMatch(addrs, new RegExp(` ${next.replaceAll('.', '\\.')}/`));
      assert.match(readFileSync(`/etc/netns/${sb.netns}/hosts`, 'utf8'), new RegExp(`^${ip}\\s`, 'm'));
      assert.equal(lab.etcdGet(key), claim, 'the other claim is untouched');
      assert.equal(
        JSON.parse(lab.etcdGet(`/switchyard/v1/ipam/${id}/${ip}`) ?? '{}').endpoint,
        sb.endpoints[0]?.id,
      );
      // It is reachable at that address from another host.
      const r = await waitFor('a ping to the re-addressed endpoint', async () => {
        const x = await ping(h0, 'a1', ip);
        return x.received > 0 && x;
      });
      assert.ok(r.received > 0);
      await h1.c.call('sandbox.rm', { sandbox: 'held1' });
      assert.equal(lab.etcdGet(key), claim, 'its removal leaves the other claim alone');
    } finally {
      lab.etcdDelete(key);
    }
  });

  test('connects racing a removal on other hosts: the connect fails or the removal does, never an endpoint left on a removed network', async (t) => {
    const seen = { removed: 0, refused: 0 };
    for (let round = 0; round < 4; round++) {
      const name = `ovx${round}`;
      await h0.c.call('network.create', {
        name,
        driver: 'overlay',
        attachable: true,
        ipam: [{ subnet: `10.233.${round}.0/24`, auxAddresses: {} }],
      });
      const id = await netId(name);
      const sbs = Array.from({ length: 8 }, (_, i) => ({ host: host(1 + (i % 2)), name: `x${round}-${i}` }));
      await Promise.all(sbs.map((x) => x.host.c.call('sandbox.create', { name: x.name, networks: [] })));
      for (const other of [h1, h2])
        await waitFor(`${name} mirrored`, () =>
          other.c.call('network.ls', {}).then((l) => l.some((n) => n.Name === name)),
        );
      // The removal is sent among the connects, at a different place each round.
      const outcome = (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e: Error) => e,
        );
      const connects = sbs.map((x) => x.host.c.call('network.connect', { network: name, sandbox: x.name }));
      const calls = [...connects.slice(0, round * 2).map(outcome)];
      const rm = outcome(h0.c.call('network.rm', { network: name }));
      calls.push(...connects.slice(round * 2).map(outcome));
      const [r, results] = await Promise.all([rm, Promise.all(calls)]);
      const joined = results.filter((x) => x === 'ok').length;
      if (r === 'ok') {
        seen.removed++;
        for (const x of results) {
          assert.notEqual(x, 'ok', 'a connect went through on a network the removal deleted');
          assert.match(
            String((x as Error).message),
            /not found/,
            'a connect after the removal fails clearly',
          );
        }
        for (const other of h)
          await waitFor(`${name} gone from every host`, () =>
            other.c.call('network.ls', {}).then((l) => !l.some((n) => n.Name === name)),
          );
        assert.deepEqual(
          lab.etcdKeys().filter((k) => k.includes(id)),
          [],
        );
      } else {
        seen.refused++;
        assert.match(
          String((r as Error).message),
          /error while removing network: network ovx\d id \w+ has active endpoints/,
        );
        assert.ok(joined > 0);
        assert.deepEqual(
          results.filter((x) => x !== 'ok').map(String),
          [],
          'the removal failed, so every connect went through',
        );
      }
      // No sandbox anywhere holds an endpoint on a network that is gone.
      for (const other of [h1, h2]) {
        const nets = new Set((await other.c.call('network.ls', {})).map((n) => n.Id));
        for (const sb of await other.c.call('sandbox.ls', {}))
          for (const ep of sb.endpoints) assert.ok(nets.has(ep.networkId), `${sb.name} on a removed network`);
      }
      await Promise.all(sbs.map((x) => x.host.c.call('sandbox.rm', { sandbox: x.name })));
      if (r !== 'ok') await h0.c.call('network.rm', { network: name });
    }
    t.diagnostic(`rounds where the removal won: ${seen.removed}, where a connect won: ${seen.refused}`);
  });

  test('MTU: a DF ping of the largest size crosses, one byte more is refused with the MTU', async () => {
    const netns = await h0.netnsOf('a1');
    const c1 = await ipOf(h2, 'c1');
    const df = (size: number) => dfPing(h0, netns, size, c1);
    const fits = df(MTU - 28);
    assert.equal(fits.status, 0, fits.stdout + fits.stderr);
    const over = df(MTU - 27);
    assert.notEqual(over.status, 0);
    assert.match(
      over.stdout + over.stderr,
      new RegExp(`mtu\\s*=\\s*${MTU}|message too long|Frag needed`, 'i'),
    );
  });

  test('inspect shows per peer host its lease age, entries expected vs programmed and a probe', async () => {
    const r = await h0.c.call('network.inspect', { network: 'ov1' });
    const peers = r.Peers ?? [];
    assert.deepEqual(peers.map((p) => p.IP).sort(), [hostAddr(1), hostAddr(2)]);
    for (const p of peers) {
      assert.equal(p.FdbProgrammed, p.FdbExpected);
      assert.equal(p.NeighProgrammed, p.NeighExpected);
      assert.ok(p.Endpoints >= 1);
      assert.ok((p.LeaseAgeS ?? -1) >= 0);
      assert.match(
        p.Probe ?? '',
        new RegExp(`reachable over UDP 4789; largest DF payload that crosses: ${MTU - 28}`),
      );
    }
  });

  /**
   * Two pings from a sandbox must both come back. When they do not, the failure says whether traffic flowed
   * later (and how much later), and shows the data plane: the sandbox's neighbours, the host's VXLAN FDB and
   * neighbours, and its daemon's recent cluster log.
   */
  const pings = async (host: NamespaceHost, from: string, to: string, message = '') => {
    const first = await ping(host, from, to);
    if (first.received === 2) return;
    const t0 = Date.now();
    const later = await waitFor(
      () => ping(host, from, to).then((r) => r.received === 2 || undefined),
      20_000,
    ).then(
      () => `2 of 2 came back ${Date.now() - t0} ms later`,
      () => 'still not 2 of 2 20 s later',
    );
    const ns = await host.netnsOf(from);
    assert.fail(
      [
        `${message} ping ${from} → ${to}: ${first.received} of 2 came back; ${later}`,
        `--- ${from}'s neighbours:\n${sh(['ip', '-n', ns, 'neigh']).stdout}`,
        `--- host FDB (remote):\n${host
          .inHost(['bridge', 'fdb', 'show'])
          .stdout.split('\n')
          .filter((l) => l.includes(' dst '))
          .join('\n')}`,
        `--- host neighbours:\n${host.inHost(['ip', 'neigh']).stdout}`,
        `--- daemon's cluster log, last lines:\n${clusterLog(host, 30)}`,
      ].join('\n'),
    );
  };

  /** A failed wait on a host also says what its daemon logged about the cluster lately (debug level). */
  /** The last `n` lines its daemon logged (debug level) about the store, the watch, leases and repair. */
  const clusterLog = (host: NamespaceHost, n: number) =>
    host.log
      .split('\n')
      .filter((l) => /cluster|watch|store|lease|resync|reconcil/i.test(l))
      .slice(-n)
      .join('\n');

  const withLog = <T>(host: NamespaceHost, p: Promise<T>) =>
    p.catch((e: Error) => {
      throw new Error(`${e.message}\n--- its daemon's cluster log, last lines:\n${clusterLog(host, 40)}`, {
        cause: e,
      });
    });

  /** Thrown by a waitFor predicate, so that its timeout quotes what the host last reported. */
  const stateError = (r: { storeState?: string; nodes: { address: string; state: string }[] }) => {
    throw new Error(
      `store ${r.storeState}, nodes ${r.nodes.map((n) => `${n.address} ${n.state}`).join(', ')}`,
    );
  };

  const converged = async (network: string) => {
    const id = await netId(network);
    for (const [i, host] of h.entries()) {
      const want = await expected(lab, i, network);
      await withLog(
        host,
        waitFor(
          `host ${i + 1} FDB and neighbours of ${network} equal to the endpoints elsewhere`,
          async () => {
            const fdb = programmed(host, vxlanOf(host, id));
            const got = JSON.stringify(fdb);
            if (got !== JSON.stringify(want))
              throw new Error(`programmed ${got}, expected ${JSON.stringify(want)}`);
            // The bridge bypass holds exactly the FDB's MACs and this host's own endpoints, each veth hooked.
            const b = bypassOf(host, id);
            const local = await expectedLocal(host, network);
            const bypass = {
              remote: fdb.fdb.map((f) => f.split('>')[0]).sort(),
              local,
              hooks: [...local.map((l) => l.split('>')[1] as string), vxlanOf(host, id)].sort(),
            };
            const gotB = JSON.stringify(b && { remote: b.remote, local: b.local, hooks: b.hooks });
            if (gotB === JSON.stringify(bypass)) return true;
            throw new Error(`bypass holds ${gotB}, expected ${JSON.stringify(bypass)}`);
          },
          15_000,
        ),
      );
    }
  };

  test('one etcd member down: overlay changes and traffic go on', async () => {
    await member0().stop();
    try {
      // A call that hit the dead member fails once and the store is marked away; the next one goes elsewhere.
      await waitFor('an overlay create with one member down', () =>
        h1.c.call('network.create', { name: 'ov3', driver: 'overlay', attachable: true }).then(() => true),
      );
      await waitFor('a sandbox on it with one member down', () =>
        h2.c.call('sandbox.create', { name: 'e3', networks: ['ov3'] }).then(() => true),
      );
      await h0.c.call('sandbox.create', { name: 'e0', networks: ['ov3'] });
      await pings(h0, 'e0', 'e3');
    } finally {
      await member0().start();
    }
  });

  test('all etcd members down: local networks work, overlay changes fail naming the store, traffic flows; back: re-sync', async () => {
    await h1.c.call('sandbox.create', { name: 'gone1', networks: ['ov1'] });
    await converged('ov1');
    await Promise.all(etcd.members.map((m) => m.stop()));
    try {
      // How soon a host notices is its gRPC keepalive (5 s ping, 2 s timeout) plus a busy machine's delays; the
      // bound here is generous, and a timeout says what the host last reported.
      for (const [i, host] of h.entries())
        await withLog(
          host,
          waitFor(
            `host ${i + 1} to see the store as unreachable`,
            () => host.c.call('node.ls', {}).then((r) => r.storeState === 'unreachable' || stateError(r)),
            30_000,
          ),
        );
      await assert.rejects(
        h0.c.call('network.create', { name: 'ov4', driver: 'overlay' }),
        /cluster store etcd:\/\/198\.18\.0\.21:2379,198\.18\.0\.22:2379,198\.18\.0\.23:2379 is unreachable/,
      );
      await assert.rejects(
        h0.c.call('sandbox.create', { name: 'x0', networks: ['ov1'] }),
        /cluster store .* is unreachable .*overlay changes need it/,
      );
      await h0.c.call('network.create', { name: 'loc' });
      await h0.c.call('sandbox.create', { name: 'l0', networks: ['loc'] });
      await h0.c.call('sandbox.create', { name: 'l1', networks: ['loc'] });
      await pings(h0, 'l0', 'l1');
      await pings(h0, 'a1', await ipOf(h1, 'b1'), 'existing overlay traffic');
      await pings(h2, 'c1', await ipOf(h0, 'a1'), 'existing overlay traffic');
      // Removed while the store is away: its row goes at the re-sync.
      await h1.c.call('sandbox.rm', { sandbox: 'gone1' });
    } finally {
      await Promise.all(etcd.members.map((m) => m.start()));
    }
    for (const [i, host] of h.entries())
      await withLog(
        host,
        waitFor(
          `host ${i + 1} to reach the store again and see three nodes`,
          () =>
            host.c
              .call('node.ls', {})
              .then((r) => (r.storeState === 'connected' && r.nodes.length === 3) || stateError(r)),
          45_000,
        ),
      );
    await converged('ov1');
    await waitFor('overlay creates work again', () =>
      h0.c.call('network.create', { name: 'ov4', driver: 'overlay' }).then(() => true),
    );
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'gone1' });
    assert.equal(dns.answers.length, 0);
  });

  test('a host that dies (kill -9, namespaces gone) leaves its peers within the lease TTL', async (t) => {
    await converged('ov1');
    const c1 = await ipOf(h2, 'c1');
    const started = Date.now();
    await lab.vanish(2);
    const id = await netId('ov1');
    await waitFor(
      'hosts 1 and 2 to drop host 3 endpoints',
      () =>
        [0, 1].every((i) => {
          const got = programmed(host(i), vxlanOf(host(i), id));
          return (
            !got.fdb.some((f) => f.endsWith(`>${hostAddr(2)}`)) &&
            !got.neigh.some((n) => n.startsWith(`${c1}>`))
          );
        }) || undefined,
      10_000,
    );
    t.diagnostic(`peers dropped the dead host after ${Date.now() - started} ms (lease TTL 2 s)`);
    const dns = await h0.c.call('diag.dns', { from: { sandbox: 'a1' }, name: 'c1' });
    assert.equal(dns.answers.length, 0);
    const nodes = await h0.c.call('node.ls', {});
    const dead = nodes.nodes.find((n) => n.address === hostAddr(2));
    assert.equal(dead?.state, 'unreachable');
    assert.ok(dead?.unreachableSince);
  });

  test('the dead host restarted: full reconvergence on every host, FDB and neighbours exact', async () => {
    await lab.revive(2);
    await waitFor('host 3 alive again', () =>
      h0.c.call('node.ls', {}).then((r) => r.nodes.filter((n) => n.state === 'alive').length === 3),
    );
    for (const n of ['ov1', 'ov2', 'ov3']) await converged(n);
    await pings(h0, 'a1', 'c1');
    await pings(h2, 'c1', 'b1');
  });

  test('a restarted engine replaces a stale neighbour (changed MAC) and removes entries nobody explains', async () => {
    const id = await netId('ov1');
    const vx = vxlanOf(h0, id);
    const c1 = await ipOf(h2, 'c1');
    h0.inHost(['ip', 'neigh', 'replace', c1, 'lladdr', '02:42:de:ad:be:ef', 'dev', vx, 'nud', 'permanent']);
    h0.inHost([
      'bridge',
      'fdb',
      'append',
      '02:42:de:ad:be:ee',
      'dev',
      vx,
      'dst',
      hostAddr(1),
      'self',
      'permanent',
    ]);
    h0.inHost([
      'ip',
      'neigh',
      'replace',
      '10.231.0.250',
      'lladdr',
      '02:42:de:ad:be:ee',
      'dev',
      vx,
      'nud',
      'permanent',
    ]);
    // A stale bypass element and chain too (a MAC nobody has, a hook on a device that is not the network's).
    const table = `switchyard_${h0.prefix}_x${id.slice(0, 7)}`;
    assert.equal(
      h0.inHost(['nft', 'add', 'element', 'netdev', table, 'remote', '{ 02:42:de:ad:be:ee }']).status,
      0,
    );
    assert.equal(
      h0.inHost([
        'nft',
        'add',
        'chain',
        'netdev',
        table,
        'p_stale',
        '{ type filter hook ingress device "lo" priority 0; }',
      ]).status,
      0,
    );
    await lab.restartDaemon(0);
    await converged('ov1');
    // While the wrong neighbour was planted, the proxy answered a1's ARP with it (seen once in six runs: a1's
    // own cache held 02:42:de:ad:be:ef REACHABLE). That cache is the sandbox kernel's, kept up to its
    // reachable time; what the engine owns, the host's tables, `converged` checked. a1 asks again.
    sh(['ip', '-n', await h0.netnsOf('a1'), 'neigh', 'flush', 'to', c1]);
    await pings(h0, 'a1', c1);
  });

  test('teardown leaves no overlay link, FDB entry, neighbour, firewall element or etcd key', async () => {
    for (const host of h)
      for (const sb of await host.c.call('sandbox.ls', {}))
        await host.c.call('sandbox.rm', { sandbox: sb.id });
    for (const n of ['ov1', 'ov2', 'ov3', 'ov4', 'ovi'])
      await waitFor(`rm ${n}`, () => h0.c.call('network.rm', { network: n }).then(() => true));
    await h0.c.call('network.rm', { network: 'loc' });
    for (const host of h) {
      await waitFor('no overlay network left', () =>
        host.c.call('network.ls', {}).then((l) => l.every((n) => n.Scope === 'local')),
      );
      const links = host.inHost(['ip', '-o', 'link', 'show']).stdout;
      assert.doesNotMatch(links, new RegExp(`${host.prefix}-x`), 'no VXLAN device');
      assert.equal(host.ourLinks().length, 1, `only the default bridge: ${host.ourLinks().join(' ')}`);
      assert.equal(host.inHost(['ip', 'neigh', 'show', 'nud', 'permanent']).stdout.trim(), '');
      assert.doesNotMatch(host.inHost(['bridge', 'fdb', 'show']).stdout, /dst /);
      const nft = host.inHost(['nft', 'list', 'table', 'inet', `switchyard_${host.prefix}`]).stdout;
      assert.doesNotMatch(nft, /10\.231\.|10\.0\.1\./, 'no overlay subnet in the firewall');
      const netdev = host.inHost(['nft', 'list', 'tables', 'netdev']).stdout;
      assert.doesNotMatch(netdev, new RegExp(`switchyard_${host.prefix}_x`), 'no bypass table');
    }
    const keys = lab.etcdKeys();
    assert.deepEqual(
      keys.filter((k) => !k.startsWith('/switchyard/v1/hosts/')),
      [],
    );
    for (const host of h) await host.kill9();
    await waitFor('the hosts leases to expire', () => lab.etcdKeys().length === 0 || undefined, 10_000);
  });
});
