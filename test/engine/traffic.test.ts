import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, skipReason } from './harness';

const skip = skipReason();

describe('engine: traffic between sandboxes', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start();
  });
  after(async () => h?.close());

  const ping = (from: string, host: string, count = 2) =>
    h.c.call('diag.ping', { from: { sandbox: from }, host, count, intervalMs: 200, timeoutMs: 2000 });

  test('sandboxes on one network reach each other by address', async () => {
    await h.c.call('network.create', { name: 'front' });
    await h.c.call('sandbox.create', { name: 'a', networks: ['front'] });
    const b = await h.c.call('sandbox.create', { name: 'b', networks: ['front'] });
    const r = await ping('a', b.endpoints[0]?.ipv4 as string);
    assert.equal(r.received, 2, r.output);
  });

  test('sandboxes on different networks cannot reach each other (zero replies)', async () => {
    await h.c.call('network.create', { name: 'back' });
    const c = await h.c.call('sandbox.create', { name: 'c', networks: ['back'] });
    const r = await ping('a', c.endpoints[0]?.ipv4 as string, 3);
    assert.equal(r.transmitted, 3);
    assert.equal(r.received, 0, r.output);
  });

  test('a sandbox on two networks reaches both', async () => {
    const d = await h.c.call('sandbox.create', { name: 'd', networks: ['front', 'back'] });
    assert.deepEqual(
      d.endpoints.map((e) => e.ifname),
      ['eth0', 'eth1'],
    );
    const c = await h.c.call('sandbox.inspect', { sandbox: 'c' });
    assert.equal((await ping('d', c.endpoints[0]?.ipv4 as string)).received, 2);
  });

  test('masquerade takes a sandbox out; an internal network has no way out', async () => {
    const outside = h.addOutside();
    assert.ok(outside);
    assert.equal(
      (await ping('a', '198.51.100.2')).received,
      2,
      'non-internal network reaches outside via NAT',
    );
    await h.c.call('network.create', { name: 'sealed', internal: true });
    await h.c.call('sandbox.create', { name: 'e', networks: ['sealed'] });
    const r = await ping('e', '198.51.100.2', 2);
    assert.equal(r.received, 0, r.output);
    // Not even through the gateway's host address, and not to a sandbox elsewhere.
    const a = await h.c.call('sandbox.inspect', { sandbox: 'a' });
    assert.equal((await ping('e', a.endpoints[0]?.ipv4 as string)).received, 0);
  });

  test('ICC off: sandboxes of one network cannot talk, the gateway still answers', async () => {
    const net = await h.c.call('network.create', {
      name: 'noicc',
      options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
    await h.c.call('sandbox.create', { name: 'f', networks: ['noicc'] });
    const g = await h.c.call('sandbox.create', { name: 'g', networks: ['noicc'] });
    assert.equal((await ping('f', g.endpoints[0]?.ipv4 as string)).received, 0);
    assert.equal((await ping('f', net.IPAM.Config[0]?.Gateway as string)).received, 2);
  });

  test('MTU option reaches both ends; prune removes idle user networks only', async () => {
    await h.c.call('network.create', { name: 'jumbo', options: { 'com.docker.network.driver.mtu': '1400' } });
    const j = await h.c.call('sandbox.create', { name: 'j', networks: ['jumbo'] });
    const link = await h.c.call('sandbox.exec', { sandbox: 'j', argv: ['ip', '-o', 'link', 'show', 'eth0'] });
    assert.match(link.stdout, /mtu 1400/);
    await assert.rejects(
      h.c.call('network.create', { name: 'bad', options: { 'com.docker.network.driver.mtu': 'big' } }),
      /invalid MTU/,
    );
    await h.c.call('network.create', { name: 'idle' });
    const { removed } = await h.c.call('network.prune', {});
    assert.ok(
      removed.includes('idle') && !removed.includes('jumbo') && !removed.includes('bridge'),
      removed.join(),
    );
    await h.c.call('sandbox.rm', { sandbox: j.name });
  });

  test('the default bridge exists, has no name resolution, and cannot be removed', async () => {
    const nets = await h.c.call('network.ls', {});
    assert.deepEqual(
      nets
        .filter((n) => ['bridge', 'host', 'none'].includes(n.Name))
        .map((n) => n.Driver)
        .sort(),
      ['bridge', 'host', 'null'],
    );
    const s = await h.c.call('sandbox.create', { name: 'plain' });
    assert.equal(s.endpoints[0]?.network, 'bridge');
    await assert.rejects(
      h.c.call('network.rm', { network: 'bridge' }),
      /bridge is a pre-defined network and cannot be removed/,
    );
    const resolv = h.inHost(['cat', `/etc/netns/${s.netns}/resolv.conf`]).stdout;
    assert.doesNotMatch(resolv, /127\.0\.0\.11/);
    const a = await h.c.call('sandbox.inspect', { sandbox: 'a' });
    assert.match(
      h.inHost(['cat', `/etc/netns/${a.netns}/resolv.conf`]).stdout,
      /nameserver 127\.0\.0\.11\noptions ndots:0/,
    );
  });

  test('none has loopback only; host shares the host stack; container mode shares a namespace', async () => {
    const none = await h.c.call('sandbox.create', { name: 'n0', networks: ['none'] });
    const links = await h.c.call('sandbox.exec', { sandbox: 'n0', argv: ['ip', '-o', 'link', 'show'] });
    assert.deepEqual(
      links.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(': ')[1]),
      ['lo'],
    );
    assert.equal(none.endpoints.length, 0);
    const host = await h.c.call('sandbox.create', { name: 'h0', networks: ['host'] });
    assert.equal(host.mode, 'host');
    const side = await h.c.call('sandbox.create', { name: 'side', networks: ['container:a'] });
    assert.equal(side.mode, 'container:a');
    const ipA = await h.c.call('sandbox.exec', {
      sandbox: 'side',
      argv: ['ip', '-o', '-4', 'addr', 'show', 'eth0'],
    });
    const a = await h.c.call('sandbox.inspect', { sandbox: 'a' });
    assert.match(ipA.stdout, new RegExp(`inet ${a.endpoints[0]?.ipv4?.replace(/\./g, '\\.')}/`));
    await assert.rejects(h.c.call('sandbox.rm', { sandbox: 'a' }), /shares its network namespace with side/);
  });
});
