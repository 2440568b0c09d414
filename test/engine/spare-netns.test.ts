// The spare namespace (engine/src/ops/spare-netns.ts) on an ordinary host (no cluster store, no service):
// `sandbox create` takes it, another one follows, what the sandbox gets is what a fresh namespace gives, and
// neither a stop nor a kill -9 leaves one behind.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, must, skipReason, waitFor } from './harness';

const skip = skipReason();

/** The spare that is ready now (made, logged ready, not taken, not deleted), if any. */
function readySpare(h: NamespaceHost): string | undefined {
  const log = readFileSync(join(h.stateDir, 'engine.log'), 'utf8');
  const ready = new Set(
    [...log.matchAll(/"msg":"spare namespace ready","netns":"([^"]+)"/g)].map((m) => m[1]),
  );
  const live = new Set(h.ourNamespaces());
  return h.spareNamespaces().find((n) => ready.has(n) && live.has(n));
}

/**
 * What a sandbox's namespace holds, with what differs by nature between two sandboxes (their addresses,
 * MACs, interface indexes) taken out: links, addresses, rules, routes, the interfaces' sysctls, nft.
 */
function namespaceState(netns: string, ip: string) {
  const ip4 = new RegExp(`${ip.replace(/\./g, '\\.')}(?![0-9])`, 'g');
  const norm = (s: string) =>
    s
      .replace(ip4, 'SELF')
      .replace(/fe80::[0-9a-f:]+/g, 'LINKLOCAL')
      .replace(/([0-9a-f]{2}:){5}[0-9a-f]{2}/g, 'MAC');
  const links = (
    JSON.parse(must(['ip', '-n', netns, '-j', 'link', 'show'])) as {
      ifname: string;
      flags: string[];
      mtu: number;
      operstate: string;
      link_type: string;
    }[]
  ).map((l) => `${l.ifname} ${l.link_type} ${l.mtu} ${l.flags.join(',')}`);
  const addrs = (
    JSON.parse(must(['ip', '-n', netns, '-j', 'addr', 'show'])) as {
      ifname: string;
      addr_info: { family: string; local: string; prefixlen: number; scope: string }[];
    }[]
  ).flatMap((l) =>
    l.addr_info.map((a) => norm(`${l.ifname} ${a.family} ${a.local}/${a.prefixlen} ${a.scope}`)),
  );
  const sysctls = must([
    'ip',
    'netns',
    'exec',
    netns,
    'sysctl',
    '-a',
    '--pattern',
    '^net\\.ipv[46]\\.conf\\.',
  ])
    .split('\n')
    .filter((l) => l !== '' && !l.includes('stable_secret'))
    .map(norm);
  return {
    links,
    addrs,
    rules4: must(['ip', '-n', netns, '-4', 'rule', 'show']),
    rules6: must(['ip', '-n', netns, '-6', 'rule', 'show']),
    routes4: norm(must(['ip', '-n', netns, '-4', 'route', 'show', 'table', 'all'])),
    routes6: norm(must(['ip', '-n', netns, '-6', 'route', 'show', 'table', 'all'])),
    sysctls,
    nft: must(['ip', 'netns', 'exec', netns, 'nft', 'list', 'ruleset']),
  };
}

describe('engine: the spare namespace of ordinary sandboxes', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('network.create', { name: 'front', ipam: [{ subnet: '10.71.0.0/24' }] });
  });
  after(async () => h?.close());

  test('a sandbox create takes the ready spare (its id, its namespace, shown as its own), and another is made', async () => {
    const spare = await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    const sb = await h.c.call('sandbox.create', { name: 'web', networks: ['front'] });
    assert.equal(sb.netns, spare, 'the sandbox joined the spare namespace');
    // What users see is the sandbox's own: its namespace is named after its id, as a fresh one would be.
    assert.equal(sb.netns, `${h.prefix}-sb-${sb.id.slice(0, 12)}`);
    assert.equal(sb.hostname, sb.id.slice(0, 12));
    assert.deepEqual((await h.c.call('sandbox.inspect', { sandbox: 'web' })).netns, sb.netns);
    assert.ok(!h.spareNamespaces().includes(sb.netns), 'it is no spare any more');
    const next = await waitFor('another spare after the take', () => {
      const s = readySpare(h);
      return s !== spare && s;
    });
    assert.notEqual(next, sb.netns);
    assert.deepEqual(h.sandboxNamespaces(), [sb.netns], 'one sandbox namespace, one spare');
    await h.c.call('sandbox.rm', { sandbox: 'web' });
  });

  test("the spare is clean: a sandbox that took it holds exactly what a fresh sandbox's namespace holds", async () => {
    await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    // Two at once: the first takes the spare, the second makes its own (the refill waits 250 ms).
    const [a, b] = await Promise.all([
      h.c.call('sandbox.create', { name: 'a', networks: ['front'] }),
      h.c.call('sandbox.create', { name: 'b', networks: ['front'] }),
    ]);
    const log = readFileSync(join(h.stateDir, 'engine.log'), 'utf8');
    const wasSpare = (ns: string) => log.includes(`"msg":"spare namespace taken","netns":"${ns}"`);
    const spared = [a, b].filter((x) => wasSpare(x.netns));
    const fresh = [a, b].filter((x) => !wasSpare(x.netns));
    assert.equal(spared.length, 1, 'one of two creates at once took the spare');
    assert.equal(fresh.length, 1, 'the other made its own namespace');
    const state = (x: typeof a) => namespaceState(x.netns, x.endpoints[0]?.ipv4 as string);
    const s1 = state(spared[0] as typeof a);
    const s2 = state(fresh[0] as typeof a);
    assert.deepEqual(s1, s2);
    // And that is what it should be: lo and eth0 only, no nft table, route_localnet on with the guard.
    assert.deepEqual(
      s1.links.map((l) => l.split(' ')[0]),
      ['lo', 'eth0'],
    );
    assert.equal(s1.nft.trim(), '');
    assert.ok(s1.sysctls.includes('net.ipv4.conf.all.route_localnet = 1'));
    assert.match(s1.rules4, /^1:\s+from all iif lo lookup local/m);
    for (const x of [a, b]) await h.c.call('sandbox.rm', { sandbox: x.name });
  });

  test('a sandbox the spare would not fit (the default bridge: no 127.0.0.11 route there) makes its own; the spare waits', async () => {
    const spare = await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    const sb = await h.c.call('sandbox.create', { name: 'legacy' });
    assert.notEqual(sb.netns, spare);
    assert.equal(
      must(['ip', 'netns', 'exec', sb.netns, 'sysctl', '-n', 'net.ipv4.conf.all.route_localnet']).trim(),
      '0',
      'no route_localnet where a fresh namespace has none',
    );
    assert.equal(readySpare(h), spare, 'the spare is still there');
    await h.c.call('sandbox.rm', { sandbox: 'legacy' });
  });

  test('teardown leaves nothing: rm leaves only the spare; a stop deletes it; a kill -9 leftover is reaped at the next start', async () => {
    await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    const sb = await h.c.call('sandbox.create', { name: 'gone', networks: ['front'] });
    await h.c.call('sandbox.rm', { sandbox: 'gone' });
    assert.deepEqual(h.sandboxNamespaces(), [], 'no sandbox namespace left');
    assert.ok(!h.ourNamespaces().includes(sb.netns));
    // A graceful stop deletes the spare: no namespace of ours, and no bind mount of one.
    const before = await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    await h.stop();
    assert.deepEqual(h.ourNamespaces(), [], 'the spare went with the daemon');
    assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(before), 'and its bind mount');
    // Killed, the daemon cannot delete its spare: the next start does (our prefix, no record).
    await h.startDaemon();
    const left = await waitFor('a spare namespace ready', () => readySpare(h), 20_000);
    await h.kill9();
    assert.ok(h.ourNamespaces().includes(left), 'the kill -9 left its spare');
    await h.startDaemon();
    await waitFor('the leftover spare deleted at the start', () => !h.ourNamespaces().includes(left));
    assert.ok(!readFileSync('/proc/self/mountinfo', 'utf8').includes(left), 'with its bind mount');
    const again = await waitFor('a new spare', () => readySpare(h), 20_000);
    assert.notEqual(again, left);
    await h.stop();
    assert.deepEqual(h.ourNamespaces(), []);
  });
});
