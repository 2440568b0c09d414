// The 127.0.0.11 redirect needs route_localnet inside each sandbox; without a guard that lets a neighbour
// on the same bridge reach services bound to 127.0.0.1 in the sandbox (CVE-2020-8558). Proven with real
// traffic: sandbox B routes 127.0.0.1 to A's address (its own policy rules, as a hostile neighbour could)
// and tries A's loopback-only listener.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, must, skipReason, tcpFetch, waitFor } from './harness';

const skip = skipReason(['dig']);
const PORT = 7011;

describe('engine: route_localnet in sandboxes exposes nothing', { skip }, () => {
  let h: NamespaceHost;
  let a: { netns: string; ip: string };
  let b: { netns: string; ip: string; ifname: string };
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('network.create', { name: 'lan', ipam: [{ subnet: '10.67.0.0/24' }] });
    const sa = await h.c.call('sandbox.create', { name: 'victim', networks: ['lan'] });
    const sb = await h.c.call('sandbox.create', { name: 'neighbour', networks: ['lan'] });
    a = { netns: sa.netns, ip: sa.endpoints[0]?.ipv4 as string };
    b = { netns: sb.netns, ip: sb.endpoints[0]?.ipv4 as string, ifname: sb.endpoints[0]?.ifname as string };
    // A service bound to loopback only, in the victim.
    const script = `require('net').createServer((s)=>{s.on('error',()=>{});s.end('secret')}).listen(${PORT},'127.0.0.1',()=>console.log('ready'))`;
    const p = h.spawnIn(a.netns, [process.execPath, '-e', script]);
    await waitFor(
      'loopback listener',
      () => new Promise<boolean>((r) => p.stdout?.once('data', () => r(true))),
    );
  });
  after(async () => h?.close());

  test('names still resolve through 127.0.0.11 in both sandboxes', () => {
    for (const [from, name, want] of [
      [a.netns, 'neighbour', b.ip],
      [b.netns, 'victim', a.ip],
    ] as const) {
      const out = must(['ip', 'netns', 'exec', from, 'dig', '+short', '+tries=1', '+time=2', name, 'A']);
      assert.equal(out.trim(), want);
    }
  });

  // Runs last: the neighbour's policy rules would also capture its own DNS replies (de-NAT-ed to 127.0.0.1).
  test("a neighbour cannot reach the sandbox's 127.0.0.1 services", () => {
    // The neighbour sends 127.0.0.1 out of its interface to the victim's MAC: the local table moves after
    // a rule that routes 127.0.0.1 via the victim, and route_localnet lets the packet leave.
    // (Its own DNS guard has no rule at pref 0, the local table's place: the rule there comes first.)
    const batch = [
      `route add 127.0.0.1/32 via ${a.ip} dev ${b.ifname} table 100`,
      'rule add pref 0 to 127.0.0.1/32 lookup 100',
    ];
    must(['ip', '-n', b.netns, '-batch', '-'], batch.join('\n') + '\n');
    // The attack is real: the neighbour's packets for 127.0.0.1 leave towards the victim.
    assert.match(
      must(['ip', '-n', b.netns, 'route', 'get', '127.0.0.1']),
      new RegExp(`via ${a.ip.replace(/\./g, '\\.')} dev`),
    );
    must([
      'nsenter',
      `--net=/run/netns/${b.netns}`,
      '--',
      'sysctl',
      '-qw',
      'net.ipv4.conf.all.route_localnet=1',
    ]);
    // Control: the victim itself reaches its listener, so only the path from outside is refused.
    assert.equal(tcpFetch(a.netns, '127.0.0.1', PORT), 'secret');
    assert.match(tcpFetch(b.netns, '127.0.0.1', PORT), /^ERR /);
  });

  // The host side: route_localnet is on for each bridge (localhost -> published port), so a sandbox could
  // send 127.0.0.1 to its gateway and reach the host's loopback-only services the same way.
  test("a sandbox cannot reach the host's 127.0.0.1 services through its gateway", async () => {
    const sc = await h.c.call('sandbox.create', { name: 'prober', networks: ['lan'] });
    const ep = sc.endpoints[0];
    const gateway = (await h.c.call('network.inspect', { network: 'lan' })).IPAM.Config[0]?.Gateway as string;
    const script = `require('net').createServer((s)=>{s.on('error',()=>{});s.end('host secret')}).listen(${PORT},'127.0.0.1',()=>console.log('ready'))`;
    const p = h.spawnIn(h.hostNs, [process.execPath, '-e', script]);
    await waitFor(
      'host loopback listener',
      () => new Promise<boolean>((r) => p.stdout?.once('data', () => r(true))),
    );
    must(
      ['ip', '-n', sc.netns, '-batch', '-'],
      [
        `route add 127.0.0.1/32 via ${gateway} dev ${ep?.ifname} table 100`,
        'rule add pref 0 to 127.0.0.1/32 lookup 100',
      ].join('\n') + '\n',
    );
    must([
      'nsenter',
      `--net=/run/netns/${sc.netns}`,
      '--',
      'sysctl',
      '-qw',
      'net.ipv4.conf.all.route_localnet=1',
    ]);
    assert.equal(tcpFetch(h.hostNs, '127.0.0.1', PORT), 'host secret');
    assert.match(tcpFetch(sc.netns, '127.0.0.1', PORT), /^ERR /);
  });
});
