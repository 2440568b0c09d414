// The firewall applies a change as a delta of set elements (engine/src/firewall/elements.ts) and renders
// the whole table only at start or after drift. The two paths must leave the kernel in the same state:
// here a run of creates and removes goes through deltas, then a restart renders the table whole from the
// same store, and the kernel's table is compared before and after.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { NamespaceHost, skipReason } from './harness';

const skip = skipReason();

const NftJson = z.object({ nftables: z.array(z.record(z.string(), z.unknown())) });

/** The table as comparable data: each set's elements sorted, each chain's rules without their handles. */
function tableOf(h: NamespaceHost): { sets: Record<string, string[]>; rules: Record<string, string[]> } {
  const out = h.inHost(['nft', '-j', 'list', 'table', 'inet', `switchyard_${h.prefix}`]);
  assert.equal(out.status, 0, out.stderr);
  const sets: Record<string, string[]> = {};
  const rules: Record<string, string[]> = {};
  for (const item of NftJson.parse(JSON.parse(out.stdout)).nftables) {
    const set = item['set'] as { name: string; elem?: unknown[] } | undefined;
    if (set) sets[set.name] = (set.elem ?? []).map((e) => JSON.stringify(e)).sort();
    const rule = item['rule'] as { chain: string; expr: unknown } | undefined;
    if (rule) (rules[rule.chain] ??= []).push(JSON.stringify(rule.expr));
  }
  return { sets, rules };
}

describe('engine: firewall deltas leave the kernel as a whole render would', { skip }, () => {
  let h: NamespaceHost;
  before(async () => {
    h = await NamespaceHost.start();
  });
  after(async () => h?.close());

  test('creates and removes of every kind of network, then a restart: the same table', async () => {
    const c = h.c;
    await c.call('network.create', { name: 'plain' });
    await c.call('network.create', { name: 'sealed', internal: true });
    await c.call('network.create', {
      name: 'quiet',
      options: { 'com.docker.network.bridge.enable_icc': 'false' },
    });
    await c.call('network.create', { name: 'six', enableIPv6: true });
    await c.call('network.create', {
      name: 'nomasq',
      options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
    });
    const gone = await c.call('network.inspect', { network: 'sealed' });
    await c.call('network.rm', { network: 'sealed' });
    await c.call('network.create', { name: 'late' });
    await c.call('sandbox.create', { name: 'pub', networks: ['plain'], publish: ['8080:80'] });
    await c.call('sandbox.create', { name: 'pub2', networks: ['six'], publish: ['8081:81'] });
    await c.call('sandbox.rm', { sandbox: 'pub' });

    const viaDeltas = tableOf(h);
    const subnet = gone.IPAM.Config[0]?.Subnet as string;
    const all = JSON.stringify(viaDeltas.sets);
    assert.ok(!all.includes(subnet), `the removed network's subnet ${subnet} is left in a set: ${all}`);
    assert.equal(viaDeltas.sets['internal']?.length ?? 0, 0, 'no internal network is left');
    assert.equal(viaDeltas.sets['icc_off']?.length, 1);
    assert.equal(viaDeltas.rules['ports']?.length, 2, 'pub2 published on both families, pub gone');

    await h.kill9();
    await h.startDaemon();
    assert.deepEqual(tableOf(h), viaDeltas);
  });
});
