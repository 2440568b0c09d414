import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineClient } from '@switchyard/hostio';
import { NamespaceHost, must, sh, skipReason, waitFor } from './harness';

const skip = skipReason();

/** What the kernel holds for this daemon vs what its store says: they must agree exactly. */
async function assertConsistent(h: NamespaceHost) {
  const sandboxes = await h.c.call('sandbox.ls', {});
  const networks = await h.c.call('network.ls', {});
  const wantNs = sandboxes
    .filter((s) => s.mode === 'bridge' || s.mode === 'none')
    .map((s) => s.netns)
    .sort();
  assert.deepEqual(h.sandboxNamespaces().sort(), wantNs, 'namespaces match the store (the spare aside)');
  const links = h.ourLinks();
  const bridges = networks
    .filter((n) => n.Driver === 'bridge')
    .map((n) => n.Options['com.docker.network.bridge.name']);
  assert.deepEqual(
    links.filter((l) => /-b[0-9a-f]{7}$/.test(l)).sort(),
    bridges.sort(),
    'bridges match networks',
  );
  const endpoints = sandboxes.reduce((n, s) => n + (s.mode === 'bridge' ? s.endpoints.length : 0), 0);
  assert.equal(links.filter((l) => /-v[0-9a-f]{7}$/.test(l)).length, endpoints, 'one host veth per endpoint');
  const ports = h.inHost(['nft', 'list', 'chain', 'inet', `switchyard_${h.prefix}`, 'ports']).stdout;
  const dnat = [...ports.matchAll(/dport (\d+) dnat/g)].map((m) => Number(m[1])).sort();
  // A publish without a host IP is two mappings (0.0.0.0 and ::) served by one IPv4 DNAT rule.
  assert.deepEqual(
    dnat,
    [...new Set(sandboxes.flatMap((s) => s.ports.map((p) => p.hostPort)))].sort(),
    'one DNAT per published port',
  );
  for (const s of sandboxes.filter((x) => x.mode === 'bridge')) {
    const inside = must(['ip', '-n', s.netns, '-o', '-4', 'addr', 'show']);
    for (const e of s.endpoints)
      assert.match(inside, new RegExp(`${e.ifname}\\s+inet ${e.ipv4}/`), `${s.name} ${e.ifname}`);
  }
}

describe('engine: kill -9 and restart', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start(['--drift-check-ms', '300']);
  });
  after(async () => h?.close());

  test('a kill -9 in the middle of a burst of operations leaks nothing and loses no network', async () => {
    await h.c.call('network.create', { name: 'keep', ipam: [{ subnet: '10.88.0.0/24' }] });
    await h.c.call('sandbox.create', { name: 'k1', networks: ['keep'], publish: ['8181:80'] });
    const k2 = await h.c.call('sandbox.create', { name: 'k2', networks: ['keep'] });
    // Fire creates and removes on a connection of their own, then kill the daemon while they are in flight.
    const other = await EngineClient.open(h.socket);
    const burst = Array.from({ length: 12 }, (_, i) =>
      other
        .call('sandbox.create', { name: `b${i}`, networks: ['keep', 'bridge'], publish: [`${9000 + i}:80`] })
        .then(() => other.call('sandbox.rm', { sandbox: `b${i}` })),
    );
    const settled = Promise.allSettled(burst);
    await waitFor('some of the burst to be under way', () => h.sandboxNamespaces().length > 3);
    await h.kill9();
    await settled;
    await h.startDaemon(['--drift-check-ms', '300']);
    const names = (await h.c.call('network.ls', {})).map((n) => n.Name).sort();
    assert.deepEqual(names, ['bridge', 'host', 'keep', 'none']);
    await assertConsistent(h);
    const r = await h.c.call('diag.ping', {
      from: { sandbox: 'k1' },
      host: k2.endpoints[0]?.ipv4 as string,
      count: 1,
      timeoutMs: 2000,
    });
    assert.equal(r.received, 1, 'traffic still flows after restart');
    await assert.rejects(
      h.c.call('sandbox.create', { name: 'dup', publish: ['8181:80'] }),
      /port is already allocated/,
    );
  });

  test('leaked links, namespaces and files with our prefix are removed at start; foreign ones are not', async () => {
    await h.kill9();
    must(['ip', 'netns', 'add', `${h.prefix}-sb-leaked00000`]);
    must(['mkdir', '-p', `/etc/netns/${h.prefix}-sb-leaked00000`]);
    h.inHost(['ip', 'link', 'add', `${h.prefix}-bdeadbee`, 'type', 'bridge']);
    h.inHost(['ip', 'link', 'add', `${h.prefix}-vdeadbee`, 'type', 'veth', 'peer', 'name', 'foreign0']);
    await h.startDaemon(['--drift-check-ms', '300']);
    await assertConsistent(h);
    assert.equal(sh(['ls', `/etc/netns/${h.prefix}-sb-leaked00000`]).status, 2);
    assert.equal(
      h.inHost(['ip', 'link', 'show', 'foreign0']).status !== 0,
      true,
      'the peer went with our veth',
    );
    h.inHost(['ip', 'link', 'add', 'notours0', 'type', 'bridge']);
    await h.kill9();
    await h.startDaemon(['--drift-check-ms', '300']);
    assert.equal(h.inHost(['ip', 'link', 'show', 'notours0']).status, 0, 'a foreign link is left alone');
  });

  test('after a reboot (kernel state gone, store kept) everything is rebuilt from the store', async () => {
    await h.kill9();
    for (const ns of h.ourNamespaces()) must(['ip', 'netns', 'del', ns]);
    for (const link of h.ourLinks()) h.inHost(['ip', 'link', 'del', link]);
    h.inHost(['nft', 'flush', 'ruleset']);
    await h.startDaemon(['--drift-check-ms', '300']);
    await assertConsistent(h);
    const k2 = await h.c.call('sandbox.inspect', { sandbox: 'k2' });
    const r = await h.c.call('diag.ping', {
      from: { sandbox: 'k1' },
      host: k2.endpoints[0]?.ipv4 as string,
      count: 1,
      timeoutMs: 2000,
    });
    assert.equal(r.received, 1, r.output);
  });

  test('a flushed ruleset is re-applied by the drift check', async () => {
    h.inHost(['nft', 'delete', 'table', 'inet', `switchyard_${h.prefix}`]);
    await waitFor('the table to come back', () =>
      h
        .inHost(['nft', 'list', 'chain', 'inet', `switchyard_${h.prefix}`, 'ports'])
        .stdout.includes('dport 8181'),
    );
  });

  test('deletes are idempotent: a sandbox whose namespace vanished is still removed cleanly', async () => {
    const s = await h.c.call('sandbox.create', { name: 'gone', networks: ['keep'] });
    must(['ip', 'netns', 'del', s.netns]);
    assert.deepEqual(await h.c.call('sandbox.rm', { sandbox: 'gone' }), { removed: 'gone' });
    await assert.rejects(h.c.call('sandbox.rm', { sandbox: 'gone' }), /sandbox gone not found/);
    await assertConsistent(h);
  });
});
