import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, must, sh, skipReason, waitFor } from './harness';

const skip = skipReason();

/**
 * A multi-homed namespace host: two "uplink" namespaces (A: 10.201.1.0/24, B: 10.201.2.0/24), each routing
 * through the namespace host. Before the engine starts the host does not forward; uplink A takes RAs.
 */
function addUplinks(h: NamespaceHost): { a: string; b: string } {
  const [a, b] = [`${h.prefix}-ua`, `${h.prefix}-ub`];
  for (const [ns, n] of [
    [a, 1],
    [b, 2],
  ] as const) {
    h.addNamespace(ns);
    must(
      ['ip', '-n', h.hostNs, '-batch', '-'],
      [
        `link add up${n} type veth peer name eth0 netns ${ns}`,
        `addr add 10.201.${n}.1/24 dev up${n}`,
        `link set up${n} up`,
      ].join('\n') + '\n',
    );
    must(
      ['ip', '-n', ns, '-batch', '-'],
      [
        'link set lo up',
        `addr add 10.201.${n}.2/24 dev eth0`,
        'link set eth0 up',
        `route add default via 10.201.${n}.1`,
      ].join('\n') + '\n',
    );
  }
  const set = (k: string, v: string) => must(['ip', 'netns', 'exec', h.hostNs, 'sysctl', '-qw', `${k}=${v}`]);
  set('net.ipv4.ip_forward', '0');
  set('net.ipv6.conf.all.forwarding', '0');
  set('net.ipv6.conf.up1.accept_ra', '1');
  set('net.ipv6.conf.up2.accept_ra', '0');
  return { a, b };
}

const sysctl = (h: NamespaceHost, k: string) => h.inHost(['sysctl', '-n', k]).stdout.trim();
const ping = (from: string, to: string) =>
  sh(['ip', 'netns', 'exec', from, 'ping', '-c', '1', '-W', '1', to]).status === 0;

describe('engine: the host is not turned into a router', { skip }, () => {
  let h: NamespaceHost;
  let up: { a: string; b: string };
  before(async () => {
    h = await NamespaceHost.start([], (x) => (up = addUplinks(x)));
  });
  after(async () => h?.close());

  test('the predefined bridge turns forwarding on, but traffic between uplinks is not forwarded', async () => {
    assert.equal(sysctl(h, 'net.ipv4.ip_forward'), '1', 'the bridge network needs forwarding');
    // Each uplink reaches the host itself...
    assert.ok(ping(up.a, '10.201.1.1'));
    assert.ok(ping(up.b, '10.201.2.1'));
    // ...but the host does not route between them (before the fix it did).
    assert.equal(ping(up.a, '10.201.2.2'), false, 'A → B must not be forwarded');
    assert.equal(ping(up.b, '10.201.1.2'), false, 'B → A must not be forwarded');
    // A sandbox on the bridge still reaches an uplink (its traffic comes from one of our bridges).
    await h.c.call('sandbox.create', { name: 's1', networks: ['bridge'] });
    const r = await h.c.call('diag.ping', {
      from: { sandbox: 's1' },
      host: '10.201.1.2',
      count: 1,
      timeoutMs: 2000,
    });
    assert.equal(r.received, 1, 'sandbox → uplink is forwarded');
  });

  test('an IPv6 network sets accept_ra=2 on uplinks that took RAs, and its removal puts everything back', async () => {
    await h.c.call('network.create', { name: 'six', enableIPv6: true, ipam: [{ subnet: 'fd00:5::/64' }] });
    assert.equal(sysctl(h, 'net.ipv6.conf.all.forwarding'), '1');
    assert.equal(sysctl(h, 'net.ipv6.conf.up1.accept_ra'), '2', 'the uplink that took RAs keeps them');
    assert.equal(sysctl(h, 'net.ipv6.conf.up2.accept_ra'), '0', 'an uplink that took none is left alone');
    await h.c.call('network.rm', { network: 'six' });
    assert.equal(sysctl(h, 'net.ipv6.conf.all.forwarding'), '0', 'IPv6 forwarding restored');
    assert.equal(sysctl(h, 'net.ipv6.conf.up1.accept_ra'), '1', 'accept_ra restored');
    assert.equal(sysctl(h, 'net.ipv4.ip_forward'), '1', 'IPv4 forwarding stays while the bridge needs it');
  });

  test('the record survives a restart, and the guard is re-applied from it', async () => {
    await h.kill9();
    await h.startDaemon();
    await waitFor('the forward guard', () =>
      h
        .inHost(['nft', 'list', 'chain', 'inet', `switchyard_${h.prefix}`, 'forward'])
        .stdout.includes('fwd_guard'),
    );
    assert.equal(ping(up.a, '10.201.2.2'), false, 'A → B still not forwarded after a restart');
  });
});

describe('engine: a host that already routed is left routing', { skip }, () => {
  let h: NamespaceHost;
  let up: { a: string; b: string };
  before(async () => {
    h = await NamespaceHost.start([], (x) => {
      up = addUplinks(x);
      must(['ip', 'netns', 'exec', x.hostNs, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    });
  });
  after(async () => h?.close());

  test('forwarding the engine did not turn on is not guarded', () => {
    assert.ok(ping(up.a, '10.201.2.2'), 'A → B is still routed, as the host did before');
  });
});
