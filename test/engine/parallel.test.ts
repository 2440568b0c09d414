import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NamespaceHost, must, skipReason } from './harness';

const skip = skipReason();

describe('engine: 200 parallel connect/disconnect requests', { skip }, () => {
  let h: NamespaceHost;
  const names = Array.from({ length: 100 }, (_, i) => `p${i}`);
  before(async () => {
    h = await NamespaceHost.start();
    await h.c.call('network.create', { name: 'par', ipam: [{ subnet: '10.77.0.0/24' }] });
    await Promise.all(names.map((name) => h.c.call('sandbox.create', { name, networks: ['bridge'] })));
    await Promise.all(
      names.slice(0, 50).map((s) => h.c.call('network.connect', { network: 'par', sandbox: s })),
    );
  });
  after(async () => h?.close());

  /** Addresses on `par` as the store and as each namespace's kernel see them. */
  async function addresses() {
    const net = await h.c.call('network.inspect', { network: 'par' });
    const store = Object.values(net.Containers).map((c) => c.IPv4Address.split('/')[0] as string);
    const kernel: string[] = [];
    for (const s of await h.c.call('sandbox.ls', {})) {
      const ep = s.endpoints.find((e) => e.network === 'par');
      if (!ep) continue;
      const out = must(['ip', '-n', s.netns, '-o', '-4', 'addr', 'show', 'dev', ep.ifname]);
      kernel.push(...[...out.matchAll(/inet (10\.77\.0\.\d+)\//g)].map((m) => m[1] as string));
    }
    return { store, kernel };
  }

  test('no address is handed out twice, store and kernel agree', async () => {
    // 50 sandboxes leave and re-join while 50 others join and leave: 200 requests in flight at once.
    const ops = names.map((s, i) =>
      i < 50
        ? h.c
            .call('network.disconnect', { network: 'par', sandbox: s })
            .then(() => h.c.call('network.connect', { network: 'par', sandbox: s }))
        : h.c
            .call('network.connect', { network: 'par', sandbox: s })
            .then(() => h.c.call('network.disconnect', { network: 'par', sandbox: s })),
    );
    const results = await Promise.allSettled(ops);
    assert.deepEqual(
      results.filter((r) => r.status === 'rejected'),
      [],
    );
    let { store, kernel } = await addresses();
    assert.equal(store.length, 50);
    assert.equal(new Set(store).size, 50, 'store addresses unique');
    assert.deepEqual([...kernel].sort(), [...store].sort());
    // And all 100 at once: still unique, still within the subnet.
    await Promise.all(
      names.slice(50).map((s) => h.c.call('network.connect', { network: 'par', sandbox: s })),
    );
    ({ store, kernel } = await addresses());
    assert.equal(new Set(store).size, 100);
    assert.deepEqual([...kernel].sort(), [...store].sort());
    assert.equal(
      h.ourLinks().filter((l) => /-v/.test(l)).length,
      200,
      'one veth per endpoint (bridge + par)',
    );
  });

  test('parallel creates of the same name: exactly one wins', async () => {
    const r = await Promise.allSettled(
      Array.from({ length: 10 }, () => h.c.call('network.create', { name: 'race' })),
    );
    assert.equal(r.filter((x) => x.status === 'fulfilled').length, 1);
    for (const x of r)
      if (x.status === 'rejected') assert.match(String(x.reason), /network with name race already exists/);
  });
});
