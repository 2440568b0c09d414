import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, sh, skipReason, tcpFetch, tcpServer, waitFor } from './harness';

/** A TCP listener that is not ours, in the namespace host (`where`: Node's listen options), once it listens. */
async function foreignListener(h: NamespaceHost, where: string): Promise<void> {
  const p = h.spawnIn(h.hostNs, [
    process.execPath,
    '-e',
    `require('net').createServer().listen(${where},()=>console.log('up'))`,
  ]);
  await waitFor('foreign listener', () => new Promise<boolean>((r) => p.stdout?.once('data', () => r(true))));
}

/** Sends one datagram from a namespace and prints the reply (or ERR TIMEOUT). */
function udpAsk(ns: string, host: string, port: number, text: string): string {
  const script = `const s=require('dgram').createSocket(require('net').isIPv6('${host}')?'udp6':'udp4');s.on('message',(m)=>{console.log(String(m));process.exit(0)});s.send('${text}',${port},'${host}');setTimeout(()=>{console.log('ERR TIMEOUT');process.exit(0)},3000)`;
  return sh(['nsenter', `--net=/run/netns/${ns}`, '--', process.execPath, '-e', script]).stdout.trim();
}

const skip = skipReason();

describe('engine: published ports by kernel DNAT', { skip }, () => {
  let h: NamespaceHost;
  let outside: string;
  let srvNs: string;
  let gateway: string;
  before(async () => {
    h = await NamespaceHost.start();
    outside = h.addOutside();
    const net = await h.c.call('network.create', { name: 'web' });
    gateway = net.IPAM.Config[0]?.Gateway as string;
    const srv = await h.c.call('sandbox.create', { name: 'srv', networks: ['web'], publish: ['8080:80'] });
    // No host IP: bound on 0.0.0.0 and [::], two mappings as Docker shows them.
    assert.deepEqual(srv.ports, [
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
    ]);
    srvNs = srv.netns;
    await tcpServer(h, srvNs, 80);
  });
  after(async () => h?.close());

  test('reachable from another namespace through the host address', () => {
    // No masquerade on the way in: the sandbox sees the real client address.
    assert.match(tcpFetch(outside, '198.51.100.1', 8080), /^hello (::ffff:)?198\.51\.100\.2$/);
  });

  test('reachable from the host itself: localhost (IPv4 and IPv6) and its own address', () => {
    assert.match(tcpFetch(h.hostNs, '127.0.0.1', 8080), /^hello /);
    assert.match(tcpFetch(h.hostNs, '::1', 8080), /^hello /, 'the [::] mapping, through the proxy');
    assert.match(tcpFetch(h.hostNs, '198.51.100.1', 8080), /^hello /);
  });

  test('an explicit 0.0.0.0 is IPv4 only; a clash on [::] alone refuses a publish without host IP', async () => {
    const v4 = await h.c.call('sandbox.create', {
      name: 'v4only',
      networks: ['web'],
      publish: ['0.0.0.0:8282:80'],
    });
    assert.deepEqual(
      v4.ports.map((p) => p.hostIp),
      ['0.0.0.0'],
    );
    await tcpServer(h, v4.netns, 80);
    assert.equal(tcpFetch(h.hostNs, '::1', 8282), 'ERR ECONNREFUSED');
    await foreignListener(h, "{port:9191,host:'::',ipv6Only:true}");
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'clash6', networks: ['web'], publish: ['9191:80'] }),
      {
        message: 'Bind for :::9191 failed: port is already allocated',
      },
    );
    // Its IPv4 half was given back: an IPv4-only publish of that port works.
    const ok = await h.c.call('sandbox.create', {
      name: 'ok4',
      networks: ['web'],
      publish: ['0.0.0.0:9191:80'],
    });
    assert.equal(ok.ports[0]?.hostPort, 9191);
    await h.c.call('sandbox.rm', { sandbox: 'ok4' });
    await h.c.call('sandbox.rm', { sandbox: 'v4only' });
  });

  test('hairpin: from the same network and from the publishing sandbox itself', async () => {
    const peer = await h.c.call('sandbox.create', { name: 'peer', networks: ['web'] });
    assert.match(tcpFetch(peer.netns, gateway, 8080), /^hello /);
    assert.match(tcpFetch(srvNs, '198.51.100.1', 8080), /^hello /);
  });

  test('a published port is reachable from another network, its unpublished ports are not', async () => {
    await h.c.call('network.create', { name: 'other' });
    const o = await h.c.call('sandbox.create', { name: 'o', networks: ['other'] });
    const srv = await h.c.call('sandbox.inspect', { sandbox: 'srv' });
    assert.match(tcpFetch(o.netns, '198.51.100.1', 8080), /^hello /);
    assert.match(tcpFetch(o.netns, srv.endpoints[0]?.ipv4 as string, 80), /^ERR/);
  });

  test("a clash with a foreign listener fails with Docker's text and leaves nothing behind", async () => {
    await foreignListener(h, "{port:9090,host:'127.0.0.1'}");
    const before = h.sandboxNamespaces().length;
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'clash', networks: ['web'], publish: ['9090:80'] }),
      { message: 'Bind for 0.0.0.0:9090 failed: port is already allocated' },
    );
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'clash2', networks: ['web'], publish: ['8080:81'] }),
      { message: 'Bind for 0.0.0.0:8080 failed: port is already allocated' },
    );
    assert.equal(h.sandboxNamespaces().length, before);
    const names = (await h.c.call('sandbox.ls', {})).map((s) => s.name);
    assert.ok(!names.includes('clash') && !names.includes('clash2'));
  });

  test('removing the sandbox frees the port and its DNAT rule', async () => {
    const e = await h.c.call('sandbox.create', { name: 'eph', networks: ['web'], publish: ['7070:80'] });
    assert.match(
      h.inHost(['nft', 'list', 'chain', 'inet', `switchyard_${h.prefix}`, 'ports']).stdout,
      /dport 7070/,
    );
    await h.c.call('sandbox.rm', { sandbox: e.name });
    assert.doesNotMatch(
      h.inHost(['nft', 'list', 'chain', 'inet', `switchyard_${h.prefix}`, 'ports']).stdout,
      /dport 7070/,
    );
    const probe = h.inHost([
      process.execPath,
      '-e',
      "require('net').createServer().listen(7070,()=>process.exit(0)).on('error',()=>process.exit(3))",
    ]);
    assert.equal(probe.status, 0);
  });

  test('an ephemeral host port is picked when only the container port is given', async () => {
    const e = await h.c.call('sandbox.create', { name: 'anyport', networks: ['web'], publish: ['80'] });
    const port = e.ports[0]?.hostPort as number;
    assert.ok(port >= 1024, `picked ${port}`);
    await tcpServer(h, e.netns, 80);
    assert.match(tcpFetch(outside, '198.51.100.1', port), /^hello /);
  });

  test('IPv6 localhost and IPv6 clients of an IPv4 sandbox go through the engine`s proxy (TCP, UDP)', async () => {
    // [::1] cannot be DNAT-ed (a packet from ::1 may not leave the host); the reserving socket proxies it.
    const v6 = await h.c.call('sandbox.create', {
      name: 'v6lo',
      networks: ['web'],
      publish: ['[::]:8181:80', '[::]:5300:53/udp'],
    });
    await tcpServer(h, v6.netns, 80);
    const echo = h.spawnIn(v6.netns, [
      process.execPath,
      '-e',
      "const s=require('dgram').createSocket('udp4');s.on('message',(m,r)=>s.send('echo '+m,r.port,r.address));s.bind(53,()=>console.log('up'))",
    ]);
    await waitFor('udp echo', () => new Promise<boolean>((r) => echo.stdout?.once('data', () => r(true))));
    assert.match(tcpFetch(h.hostNs, '::1', 8181), /^hello /, 'localhost over IPv6');
    assert.match(tcpFetch(outside, '2001:db8:5::1', 8181), /^hello /, 'an IPv6 client, sandbox without IPv6');
    assert.equal(udpAsk(h.hostNs, '::1', 5300, 'ping'), 'echo ping');
    assert.equal(udpAsk(outside, '2001:db8:5::1', 5300, 'pong'), 'echo pong');
    await h.c.call('sandbox.rm', { sandbox: 'v6lo' });
    assert.equal(tcpFetch(h.hostNs, '::1', 8181), 'ERR ECONNREFUSED', 'the proxy went with the sandbox');
  });
});
