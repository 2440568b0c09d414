// macvlan (and the refusals of what this kernel lacks) for real: the parent is a veth of the namespace host whose
// peer sits in a "LAN" namespace with a plain host on it. Every packet stays inside namespaces the test made;
// the machine's own namespace never sends to the LAN subnet (it has no route there and would use its default).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelFeature } from '@switchyard/protocol';
import { NamespaceHost, must, sh, skipReason, tcpFetch, tcpServer, waitFor } from './harness';
import { requireOrSkip } from '../support/env';

const skip = skipReason();
const LAN = '203.0.113';
const LAN_HOST = `${LAN}.10`;

/** What this kernel can make, found by the test itself in a namespace of its own (not by asking the engine). */
function kernelCan(ns: string, line: string): boolean {
  const r = sh(['ip', '-n', ns, '-batch', '-'], `link add kp0 type veth peer name kp1\n${line}\n`);
  sh(['ip', '-n', ns, 'link', 'del', 'kp0']);
  for (const n of ['kt-x', 'kp0.10']) sh(['ip', '-n', ns, 'link', 'del', n]);
  return r.status === 0;
}

describe('engine: macvlan onto a LAN', { skip }, () => {
  let h: NamespaceHost;
  let lanNs: string;
  const inLan = (argv: string[]) => sh(['nsenter', `--net=/run/netns/${lanNs}`, '--', ...argv]);
  const ping = (from: string, host: string, count = 2) =>
    h.c.call('diag.ping', { from: { sandbox: from }, host, count, intervalMs: 200, timeoutMs: 3000 });
  /** macvlan links on the namespace host stacked on `parent` (none may survive a teardown). */
  const childrenOf = (parent: string) =>
    h
      .linksJson()
      .filter((l) => l.link === parent)
      .map((l) => l.ifname);

  before(async () => {
    h = await NamespaceHost.start([], (host) => {
      lanNs = `${host.prefix}-lan`;
      must(['ip', 'netns', 'add', lanNs]);
      // Two parents: lan0 (bridge-mode networks) and lan1 (the passthru cases), both wired to the LAN host.
      must(
        ['ip', '-n', host.hostNs, '-batch', '-'],
        [
          `link add lan0 type veth peer name up0 netns ${lanNs}`,
          `link add lan1 type veth peer name up1 netns ${lanNs}`,
          'link set lan0 up',
          'link set lan1 up',
        ].join('\n') + '\n',
      );
      must(
        ['ip', '-n', lanNs, '-batch', '-'],
        ['link set lo up', `addr add ${LAN_HOST}/24 dev up0`, 'link set up0 up', 'link set up1 up'].join(
          '\n',
        ) + '\n',
      );
    });
  });
  after(async () => {
    await h?.close();
    if (lanNs) sh(['ip', 'netns', 'del', lanNs]);
  });

  test('the kernel features reported at start are what the kernel really does', async () => {
    const { kernel } = await h.c.call('version', {});
    assert.ok(kernel, 'version carries the kernel probe');
    const probeNs = `${h.prefix}-kt`;
    must(['ip', 'netns', 'add', probeNs]);
    try {
      const expect: Record<string, string> = {
        macvlan: 'link add link kp0 name kt-x type macvlan mode bridge',
        ipvlan: 'link add link kp0 name kt-x type ipvlan mode l2',
        vlan8021q: 'link add link kp0 name kp0.10 type vlan id 10',
        dummy: 'link add kt-x type dummy',
        vxlan: 'link add kt-x type vxlan id 42 dstport 4789',
        wireguard: 'link add kt-x type wireguard',
      };
      for (const [name, line] of Object.entries(expect)) {
        const f: KernelFeature | undefined = kernel.features.find((x) => x.name === name);
        assert.equal(f?.available, kernelCan(probeNs, line), `${name}: ${JSON.stringify(f)}`);
        if (!f?.available) assert.ok(f?.detail, `${name} says what the kernel answered`);
      }
      assert.ok(kernel.features.some((f) => f.name === 'esp'));
      // The overlay's bridge bypass: a netdev ingress chain that forwards (`fwd to`), tried here on loopback.
      const fwd = sh(
        ['nsenter', `--net=/run/netns/${probeNs}`, '--', 'nft', '-f', '-'],
        'table netdev kt {\n chain c { type filter hook ingress device "lo" priority 0; policy accept; ether daddr 02:00:00:00:00:01 fwd to "lo"; }\n}\n',
      );
      const netdevFwd = kernel.features.find((x) => x.name === 'netdevFwd');
      assert.equal(
        netdevFwd?.available,
        fwd.status === 0,
        `netdevFwd: ${JSON.stringify(netdevFwd)} ${fwd.stderr}`,
      );
    } finally {
      sh(['ip', 'netns', 'del', probeNs]);
    }
    assert.deepEqual(h.sandboxNamespaces(), [], 'the probe namespace is gone');
  });

  test('two macvlan sandboxes and a plain LAN host reach each other (ping and TCP)', async () => {
    const net = await h.c.call('network.create', {
      name: 'lan',
      driver: 'macvlan',
      ipam: [{ subnet: `${LAN}.0/24`, gateway: `${LAN}.1`, ipRange: `${LAN}.128/26` }],
      options: { parent: 'lan0' },
    });
    assert.equal(net.Driver, 'macvlan');
    assert.equal(net.EnableIPv4, true);
    assert.equal(net.Options['parent'], 'lan0');
    const a = await h.c.call('sandbox.create', { name: 'a', networks: ['lan'] });
    const b = await h.c.call('sandbox.create', { name: 'b', networks: ['lan'] });
    const aIp = a.endpoints[0]?.ipv4 as string;
    const bIp = b.endpoints[0]?.ipv4 as string;
    assert.equal(aIp, `${LAN}.128`, 'addresses come from the ip-range');
    assert.equal((await ping('a', bIp)).received, 2, 'sandbox to sandbox');
    assert.equal((await ping('a', LAN_HOST)).received, 2, 'sandbox to the LAN host');
    assert.equal(inLan(['ping', '-c', '2', '-i', '0.2', '-W', '2', bIp]).status, 0, 'LAN host to sandbox');
    await tcpServer(h, b.netns, 8080);
    // The server sees the real source address: no NAT anywhere.
    assert.match(
      tcpFetch(a.netns, bIp, 8080),
      new RegExp(`^hello (::ffff:)?${aIp}$`),
      'TCP between sandboxes',
    );
    assert.match(tcpFetch(lanNs, bIp, 8080), new RegExp(`^hello (::ffff:)?${LAN_HOST}$`), 'TCP from the LAN');
    const link = await h.c.call('sandbox.exec', {
      sandbox: 'a',
      argv: ['ip', '-json', '-d', 'link', 'show', 'eth0'],
    });
    assert.match(link.stdout, /"info_kind":"macvlan","info_data":\{"mode":"bridge"/);
    const route = await h.c.call('sandbox.exec', { sandbox: 'a', argv: ['ip', 'route', 'show', 'default'] });
    assert.match(route.stdout, new RegExp(`default via ${LAN}\\.1 dev eth0`));
    assert.equal(childrenOf('lan0').length, 0, 'nothing stacked on the parent in the host namespace itself');
  });

  test('the embedded DNS answers inside macvlan sandboxes: names between them, ping and tcp by name', async () => {
    const b = await h.c.call('sandbox.inspect', { sandbox: 'b' });
    const bIp = b.endpoints[0]?.ipv4 as string;
    const r = await h.c.call('diag.dns', { from: { sandbox: 'a' }, name: 'b', type: 'A', timeoutMs: 3000 });
    assert.equal(r.server, '127.0.0.11');
    assert.equal(r.status, 'NOERROR');
    assert.deepEqual(
      r.answers.map((x) => x.data),
      [bIp],
    );
    const other = await h.c.call('diag.dns', {
      from: { sandbox: 'a' },
      name: 'b.lan',
      type: 'A',
      timeoutMs: 3000,
    });
    assert.deepEqual(
      other.answers.map((x) => x.data),
      [bIp],
      'name.network',
    );
    const none = await h.c.call('diag.dns', {
      from: { sandbox: 'b' },
      name: 'nobody',
      type: 'A',
      timeoutMs: 3000,
    });
    // A network with a way out forwards unknown names; the test daemon has no upstream, so nothing leaves.
    assert.equal(none.status, 'SERVFAIL');
    assert.equal((await ping('a', 'b')).received, 2, 'ping by name');
    const tcp = await h.c.call('diag.tcp', { from: { sandbox: 'a' }, host: 'b', port: 8080 });
    assert.equal(tcp.connected, true, JSON.stringify(tcp));
    // Over TCP too (dig +tcp's path): the socket inside the sandbox answers both.
    const script = `const s=require('net').connect(53,'127.0.0.11');s.on('connect',()=>{s.end();console.log('ok');process.exit(0)});s.on('error',e=>{console.log(e.code);process.exit(0)})`;
    const viaTcp = sh(['nsenter', `--net=/run/netns/${b.netns}`, '--', process.execPath, '-e', script]);
    assert.equal(viaTcp.stdout.trim(), 'ok');
  });

  test('capture on a macvlan endpoint sees the LAN host; -p is ignored with a warning; inspect says the limits', async (t) => {
    const inspect = await h.c.call('network.inspect', { network: 'lan' });
    assert.ok(inspect.Notes?.some((n) => /host cannot reach this network's sandboxes through lan0/.test(n)));
    assert.ok(inspect.Notes?.some((n) => /published ports are not supported on macvlan/.test(n)));
    const p = await h.c.call('sandbox.create', { name: 'pub', networks: ['lan'], publish: ['8088:80'] });
    assert.deepEqual(p.ports, [], 'no host port is taken for a macvlan sandbox');
    const logs = await h.c.call('logs', { tail: 200, level: 'warn' });
    assert.ok(
      logs.lines.some(
        (l) => l.msg === 'macvlan driver does not support port mappings' && l.sandbox === 'pub',
      ),
    );
    await h.c.call('sandbox.rm', { sandbox: 'pub' });
    if (
      !requireOrSkip(
        t,
        sh(['which', 'tcpdump']).status === 0,
        'capture needs tcpdump (apt-get install -y tcpdump)',
      )
    )
      return;
    const b = await h.c.call('sandbox.inspect', { sandbox: 'b' });
    const bIp = b.endpoints[0]?.ipv4 as string;
    const capture = h.c.call('diag.capture', {
      from: { sandbox: 'b' },
      iface: 'eth0',
      maxPackets: 2,
      maxSeconds: 20,
      filter: ['icmp', 'and', 'host', LAN_HOST],
      inlineMaxBytes: 100_000,
    });
    // tcpdump needs a moment to attach: the LAN host pings until the capture has its packets.
    await waitFor(
      'capture of the LAN host pinging b',
      async () => {
        inLan(['ping', '-c', '1', '-W', '1', bIp]);
        return Promise.race([
          capture.then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), 100)),
        ]);
      },
      20_000,
    );
    assert.equal((await capture).packets, 2);
  });

  test('a sandbox on a bridge and a macvlan network resolves either way; leaving the bridge moves DNS inside', async () => {
    await h.c.call('network.create', { name: 'br' });
    const a = await h.c.call('sandbox.inspect', { sandbox: 'a' });
    const aIp = a.endpoints[0]?.ipv4 as string;
    await h.c.call('sandbox.create', { name: 'mix', networks: ['br', 'lan'] });
    const ask = async () =>
      (
        await h.c.call('diag.dns', { from: { sandbox: 'mix' }, name: 'a', type: 'A', timeoutMs: 3000 })
      ).answers.map((x) => x.data);
    assert.deepEqual(await ask(), [aIp], 'through the bridge gateway: macvlan names are in scope too');
    await h.c.call('network.disconnect', { network: 'br', sandbox: 'mix' });
    assert.deepEqual(await ask(), [aIp], 'answered inside the sandbox once the bridge is gone');
    await h.c.call('sandbox.rm', { sandbox: 'mix' });
    await h.c.call('network.rm', { network: 'br' });
  });

  test('the host cannot reach its macvlan children; the host shim lets it', async () => {
    const b = await h.c.call('sandbox.inspect', { sandbox: 'b' });
    const bIp = b.endpoints[0]?.ipv4 as string;
    // The namespace host has no route to the LAN subnet: the packet has nowhere to go (never the real host).
    assert.notEqual(h.inHost(['ping', '-c', '1', '-W', '1', bIp]).status, 0);
    await h.c.call('network.create', {
      name: 'lan2',
      driver: 'macvlan',
      ipam: [{ subnet: '192.0.2.0/24', ipRange: '192.0.2.64/26' }],
      options: { parent: 'lan0', 'switchyard.host-shim': '192.0.2.250' },
    });
    const c = await h.c.call('sandbox.create', { name: 'c', networks: ['lan2'] });
    const cIp = c.endpoints[0]?.ipv4 as string;
    assert.equal(
      h.inHost(['ping', '-c', '2', '-i', '0.2', '-W', '2', cIp]).status,
      0,
      'host reaches c via the shim',
    );
    const shim = h.ourLinksAll().filter((l) => /-s[0-9a-f]{7}$/.test(l));
    assert.equal(shim.length, 1, 'one shim link');
    assert.match(h.inHost(['ip', 'route', 'show', '192.0.2.64/26']).stdout, /dev .*-s[0-9a-f]{7}/);
    const inspect = await h.c.call('network.inspect', { network: 'lan2' });
    assert.equal(inspect.IPAM.Config[0]?.AuxiliaryAddresses?.['switchyard-host-shim'], '192.0.2.250');
    assert.equal(inspect.IPAM.Config[0]?.Gateway, undefined, 'no gateway unless asked for (Engine 29)');
    await h.c.call('sandbox.rm', { sandbox: 'c' });
    await h.c.call('network.rm', { network: 'lan2' });
    assert.deepEqual(
      h.ourLinksAll().filter((l) => /-s[0-9a-f]{7}$/.test(l)),
      [],
      'the shim goes with its network',
    );
    assert.equal(h.inHost(['ip', 'route', 'show', '192.0.2.64/26']).stdout.trim(), '');
  });

  test("passthru owns its parent: Docker's texts both ways", async () => {
    const pt = await h.c.call('network.create', {
      name: 'pt',
      driver: 'macvlan',
      ipam: [{ subnet: '198.18.0.0/24' }],
      options: { parent: 'lan1', macvlan_mode: 'passthru' },
    });
    await assert.rejects(
      h.c.call('network.create', {
        name: 'pt-b',
        driver: 'macvlan',
        ipam: [{ subnet: '198.18.1.0/24' }],
        options: { parent: 'lan1' },
      }),
      { message: `macvlan network ${pt.Id} is already using parent interface lan1 in mode passthru` },
    );
    await assert.rejects(
      h.c.call('network.create', {
        name: 'pt-c',
        driver: 'macvlan',
        ipam: [{ subnet: '198.18.2.0/24' }],
        options: { parent: 'lan0', macvlan_mode: 'passthru' },
      }),
      /: cannot use mode passthru, macvlan network [0-9a-f]{64} is already using parent interface lan0$/,
    );
    // passthru takes one link: the parent's own MAC, and a second sandbox is refused by the kernel.
    const parentMac = h.linksJson().find((l) => l.ifname === 'lan1')?.address;
    const p1 = await h.c.call('sandbox.create', { name: 'p1', networks: ['pt'] });
    assert.equal(p1.endpoints[0]?.mac, parentMac, 'a passthru link carries the parent MAC, recorded as is');
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'p2', networks: ['pt'] }),
      /failed to create the macvlan port: /,
    );
    assert.deepEqual(
      (await h.c.call('sandbox.ls', {})).map((x) => x.name).filter((n) => n === 'p2'),
      [],
      'the refused sandbox is rolled back',
    );
    await h.c.call('sandbox.rm', { sandbox: 'p1' });
    await h.c.call('network.rm', { network: 'pt' });
  });

  test("parent errors: Docker's texts, and the host's interfaces named", async () => {
    const create = (name: string, options: Record<string, string>, driver = 'macvlan') =>
      h.c.call('network.create', { name, driver, ipam: [{ subnet: '198.18.9.0/24' }], options });
    await assert.rejects(create('e1', { parent: 'lo' }), {
      message: 'loopback interface is not a valid macvlan parent link',
    });
    await assert.rejects(
      create('e2', { parent: 'nope0' }),
      /: invalid subinterface vlan name nope0, example formatting is eth0\.10 \(the host has no interface nope0; it has: .*lan0/,
    );
    await assert.rejects(
      create('e3', { parent: 'nope0.10' }),
      /: -o parent interface was not found on the host: nope0 \(the host has no interface nope0\.10; it has: .*lan0/,
    );
    await assert.rejects(create('e4', { parent: 'lan0', macvlan_mode: 'l2' }), {
      message: "requested macvlan mode 'l2' is not valid, 'bridge' mode is the macvlan driver default",
    });
    await assert.rejects(
      create('e5', { parent: 'lan0', 'switchyard.host-shim': '10.9.9.9' }),
      /doesn't contain this address/,
    );
    await assert.rejects(
      create('e6', { parent: 'lan0', macvlan_mode: 'private', 'switchyard.host-shim': '198.18.9.9' }),
      /switchyard\.host-shim needs -d macvlan with macvlan_mode bridge/,
    );
    assert.deepEqual(
      (await h.c.call('network.ls', {})).map((n) => n.Name).filter((n) => n.startsWith('e')),
      [],
      'nothing was created',
    );
  });

  test('what the kernel lacks is refused in one line naming it; where it has it, it is made and removed', async (t) => {
    const { kernel } = await h.c.call('version', {});
    const has = (n: string) => kernel?.features.find((f) => f.name === n)?.available === true;
    const cases: [string, string, Record<string, string>, string, RegExp][] = [
      [
        'vlan8021q',
        'macvlan',
        { parent: 'lan0.10' },
        'lan0.10',
        /802\.1q VLAN sub-interfaces \(CONFIG_VLAN_8021Q/,
      ],
      ['dummy', 'macvlan', {}, '', /dummy links \(CONFIG_DUMMY/],
      ['ipvlan', 'ipvlan', { parent: 'lan0' }, '', /ipvlan links \(CONFIG_IPVLAN/],
    ];
    for (const [feature, driver, options, link, words] of cases) {
      const params = { name: `k-${feature}`, driver, ipam: [{ subnet: '198.18.20.0/24' }], options };
      if (!has(feature)) {
        await assert.rejects(h.c.call('network.create', params), (e: Error) => {
          assert.match(e.message, words);
          assert.match(e.message, /this kernel \(.+\) has no/);
          assert.doesNotMatch(e.message, /\n/, 'one line');
          return true;
        });
        continue;
      }
      // A kernel with the feature (not this machine's): the driver makes the link and removes it with the network.
      t.diagnostic(`${feature} available on this kernel: created for real`);
      await h.c.call('network.create', params);
      if (link) assert.ok(h.inHost(['ip', 'link', 'show', link]).status === 0, `${link} created`);
      await h.c.call('network.rm', { network: params.name });
      if (link) assert.notEqual(h.inHost(['ip', 'link', 'show', link]).status, 0, `${link} removed`);
    }
  });

  test('kill -9 and restart: a lost shim and a lost macvlan link are re-made, names answer again', async () => {
    await h.c.call('network.create', {
      name: 'rc',
      driver: 'macvlan',
      ipam: [{ subnet: '192.0.2.0/24', ipRange: '192.0.2.64/26' }],
      options: { parent: 'lan0', 'switchyard.host-shim': '192.0.2.250' },
    });
    const r1 = await h.c.call('sandbox.create', { name: 'r1', networks: ['rc'] });
    await h.c.call('sandbox.create', { name: 'r2', networks: ['rc'] });
    const r1Ip = r1.endpoints[0]?.ipv4 as string;
    await h.kill9();
    const shim = h.ourLinksAll().find((l) => /-s[0-9a-f]{7}$/.test(l)) as string;
    must(['ip', '-n', h.hostNs, 'link', 'del', shim]);
    must(['ip', '-n', r1.netns, 'link', 'del', 'eth0']);
    await h.startDaemon();
    assert.ok(h.ourLinksAll().includes(shim), 'the shim is back');
    assert.equal(
      h.inHost(['ping', '-c', '2', '-i', '0.2', '-W', '2', r1Ip]).status,
      0,
      'host reaches r1 again',
    );
    const r = await h.c.call('diag.dns', { from: { sandbox: 'r2' }, name: 'r1', type: 'A', timeoutMs: 3000 });
    assert.deepEqual(
      r.answers.map((x) => x.data),
      [r1Ip],
    );
  });

  test('teardown leaves nothing: no namespace, no shim, and a passthru parent is free again at once', async () => {
    for (const sb of await h.c.call('sandbox.ls', {})) await h.c.call('sandbox.rm', { sandbox: sb.name });
    for (const n of await h.c.call('network.ls', {}))
      if (n.Driver === 'macvlan') await h.c.call('network.rm', { network: n.Name });
    assert.deepEqual(h.sandboxNamespaces(), [], 'none but the spare');
    const docker0 = (await h.c.call('network.inspect', { network: 'bridge' })).Options[
      'com.docker.network.bridge.name'
    ];
    assert.deepEqual(
      h.ourLinksAll().filter((l) => l !== docker0),
      [],
      'only the default bridge is left: no shim or dummy link of ours',
    );
    assert.deepEqual(childrenOf('lan0'), []);
    // A passthru link left behind anywhere (say in a namespace kept alive) would make this join fail: busy.
    await h.c.call('network.create', {
      name: 'pt2',
      driver: 'macvlan',
      ipam: [{ subnet: '198.18.30.0/24' }],
      options: { parent: 'lan1', macvlan_mode: 'passthru' },
    });
    await h.c.call('sandbox.create', { name: 'q1', networks: ['pt2'] });
    await h.c.call('sandbox.rm', { sandbox: 'q1' });
    await h.c.call('sandbox.create', { name: 'q2', networks: ['pt2'] });
    await h.c.call('sandbox.rm', { sandbox: 'q2' });
    await h.c.call('network.rm', { network: 'pt2' });
    assert.deepEqual(h.sandboxNamespaces(), [], 'none but the spare');
  });
});
