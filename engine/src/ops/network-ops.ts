import { matchesLabel, networkOf } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';
import type { NetworkCreateParams, NetworkPruneParams } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { OpTimer } from '../log/op-timer';
import { reservedNetworks } from '../ipam/reserved';
import { endpointsOf, findNetwork } from '../model/lookup';
import { newId } from '../model/names';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../engine-context';
import { firewallModel } from './fw-model';
import { syncHostForwarding } from './host-forwarding';
import { bridgeOptions } from './options';
import { settleAll } from './settle';
import { planSubnets } from './subnets';

export const NETWORKS_LOCK = 'networks';

export const syncFirewall = (ctx: EngineContext) =>
  ctx.firewall.sync(() => firewallModel(ctx.store.state, ctx.naming, ctx.mesh?.()));

function subnetsInUse(ctx: EngineContext): Prefix[] {
  return ctx.store.state.networks.flatMap((n) => n.subnets.map((s) => networkOf(s.subnet)));
}

/** Builds the record (all checks happen here, before anything changes). */
export async function planNetwork(
  ctx: EngineContext,
  p: NetworkCreateParams,
  id: string,
): Promise<NetworkRecord> {
  const s = ctx.store.state;
  if (s.networks.some((n) => n.name === p.name))
    throw EngineError.conflict(`network with name ${p.name} already exists`);
  const driver = ctx.drivers.get(p.driver);
  if (!driver.hasEndpoints && s.networks.some((n) => n.driver === driver.type))
    throw EngineError.forbidden(`only one instance of "${p.driver}" network is allowed`);
  const opts = bridgeOptions(p.options, p.internal);
  const ownDevices = new Set(s.networks.flatMap((n) => (n.device ? [n.device] : [])));
  // Host routes and nameservers only matter when the engine picks the subnet itself.
  const picks = !p.ipam.some((c) => c.subnet && !c.subnet.includes(':'));
  const reserved = driver.hasEndpoints && picks ? await reservedNetworks(ownDevices) : [];
  const plan = driver.hasEndpoints
    ? planSubnets(p, id, subnetsInUse(ctx), reserved)
    : { subnets: [], enableIPv6: false };
  const net: NetworkRecord = {
    id,
    name: p.name,
    driver: driver.type,
    scope: driver.scope,
    created: new Date().toISOString(),
    internal: opts.internal,
    attachable: p.attachable,
    enableIPv6: plan.enableIPv6,
    predefined: p.labels['switchyard.predefined'] === 'true',
    // The default `bridge` network has no name resolution, as Docker's docker0 (daemon/network.go:993).
    dns: driver.type === 'bridge' && p.name !== 'bridge',
    icc: opts.icc,
    masquerade: opts.masquerade,
    mtu: opts.mtu,
    subnets: plan.subnets,
    options: p.options,
    labels: p.labels,
    device: driver.hasEndpoints ? ctx.naming.bridge(id) : undefined,
    createdLinks: [],
  };
  return driver.planNetwork ? driver.planNetwork(net, s, p) : net;
}

/** Store first (intent), then kernel: a kill in between leaves a record the reconciler re-applies. */
export async function createNetwork(ctx: EngineContext, p: NetworkCreateParams): Promise<NetworkRecord> {
  if (ctx.drivers.get(p.driver).scope === 'global') {
    const cluster = ctx.cluster;
    if (!cluster)
      throw EngineError.forbidden(
        `this engine is not part of a cluster: start it with --cluster-store etcd://HOST:2379 --advertise-addr IP to create ${p.driver} networks`,
      );
    return ctx.store.locks.lock([NETWORKS_LOCK], () =>
      cluster.createNetwork(p, (id) => planNetwork(ctx, p, id)),
    );
  }
  return ctx.store.locks.lock([NETWORKS_LOCK], async () => {
    const t = new OpTimer(ctx.log, 'network.create');
    const net = await t.phase('plan', planNetwork(ctx, p, newId()));
    ctx.store.state.networks.push(net);
    await syncHostForwarding(ctx);
    try {
      // Record and kernel at once: reconcile repairs either half after a crash (see joinLocked).
      // The rules name the bridge by string, so they need not wait for it to exist.
      await settleAll([
        t.phase('store', ctx.store.save()),
        t.phase('bridge', ctx.drivers.get(net.driver).createNetwork(net)),
        t.phase('firewall', syncFirewall(ctx)),
      ]);
    } catch (e) {
      ctx.store.state.networks = ctx.store.state.networks.filter((n) => n.id !== net.id);
      await syncHostForwarding(ctx);
      await ctx.store.save();
      await ctx.drivers.get(net.driver).deleteNetwork(net, ctx.store.state.networks);
      await syncFirewall(ctx).catch(() => undefined);
      throw e;
    }
    await t.phase('dns', async () => ctx.dns?.changed());
    t.done({ network: net.name });
    ctx.log.info('network created', {
      network: net.name,
      id: net.id,
      subnets: net.subnets.map((x) => x.subnet),
    });
    ctx.events.emit({ type: 'network', action: 'create', id: net.id, name: net.name });
    return net;
  });
}

/** Refuses while endpoints remain; then record, bridge, rules and DNS listener go at once. */
export async function removeNetwork(ctx: EngineContext, ref: string): Promise<NetworkRecord> {
  return ctx.store.locks.lock([NETWORKS_LOCK], async () => {
    const net = findNetwork(ctx.store.state, ref);
    return ctx.store.locks.lock([`net:${net.id}`], async () => {
      if (net.predefined)
        throw EngineError.forbidden(`${net.name} is a pre-defined network and cannot be removed`);
      // Swarm's refusal (controlapi), before the endpoints: a service's replicas would lose their network.
      const service = net.scope === 'global' ? ctx.services?.usingNetwork(net.id) : undefined;
      if (service) throw EngineError.inUse(`network ${net.name} is in use by service ${service}`);
      const eps = endpointsOf(ctx.store.state, net.id);
      if (eps.length > 0) {
        const names = eps.map(
          (e) => ctx.store.state.sandboxes.find((s) => s.id === e.sandboxId)?.name ?? e.id,
        );
        throw EngineError.inUse(
          `error while removing network: network ${net.name} has active endpoints (${names.join(', ')})`,
        );
      }
      if (net.scope === 'global') {
        if (!ctx.cluster)
          throw EngineError.forbidden(`network ${net.name} is global; this engine has no cluster store`);
        await ctx.cluster.removeNetwork(net);
        return net;
      }
      const t = new OpTimer(ctx.log, 'network.remove');
      ctx.store.state.networks = ctx.store.state.networks.filter((n) => n.id !== net.id);
      await syncHostForwarding(ctx);
      // Record and kernel at once, as create: a crash before the record is gone leaves a record whose bridge
      // reconcile re-creates (the rm never answered, so it can be retried); after, only leaks it removes.
      await settleAll([
        t.phase('store', ctx.store.save()),
        t.phase('bridge', ctx.drivers.get(net.driver).deleteNetwork(net, ctx.store.state.networks)),
        t.phase('firewall', syncFirewall(ctx)),
        t.phase('dns', async () => ctx.dns?.changed()),
      ]);
      t.done({ network: net.name });
      ctx.log.info('network removed', { network: net.name, id: net.id });
      ctx.events.emit({ type: 'network', action: 'remove', id: net.id, name: net.name });
      return net;
    });
  });
}

/**
 * Removes every user network without endpoints (`docker network prune`), or only those the filters pick:
 * every `labels` entry matches, no `notLabels` entry does, created before `until`.
 */
export async function pruneNetworks(ctx: EngineContext, filters: NetworkPruneParams = {}): Promise<string[]> {
  const s = ctx.store.state;
  const until = filters.until === undefined ? undefined : Date.parse(filters.until);
  const picked = (n: (typeof s.networks)[number]): boolean =>
    (filters.labels ?? []).every((l) => matchesLabel(n.labels, l)) &&
    !(filters.notLabels ?? []).some((l) => matchesLabel(n.labels, l)) &&
    (until === undefined || Date.parse(n.created) < until);
  const idle = s.networks.filter((n) => !n.predefined && endpointsOf(s, n.id).length === 0 && picked(n));
  const removed: string[] = [];
  for (const n of idle) {
    try {
      removed.push((await removeNetwork(ctx, n.id)).name);
    } catch (e) {
      ctx.log.warn('prune skipped a network', { network: n.name, error: String(e) });
    }
  }
  return removed;
}

/**
 * Before networks are looked up by name for a join: in a cluster, a network this host has not mirrored yet
 * is fetched from the store (the watch lags a create on another host by a few ms, and by more while it moves
 * to another member). Without a cluster, or when the store has none either, the lookup says "not found".
 */
export async function knownNetworks(ctx: EngineContext, refs: string[]): Promise<void> {
  if (!ctx.cluster) return;
  for (const ref of refs) {
    if (ref === 'host' || ref === 'none' || ref.startsWith('container:')) continue;
    const here = ctx.store.state.networks.some((n) => n.id === ref || n.name === ref || n.id.startsWith(ref));
    if (!here) await ctx.cluster.ensureNetwork(ref);
  }
}
