import type { OpTimer } from '../log/op-timer';
import { endpointsOf } from '../model/lookup';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../engine-context';
import { syncFirewall } from '../ops/network-ops';
import { settleAll } from '../ops/settle';
import type { GlobalNetwork } from './records';

/** The local record of a global network: the shared fields plus this host's bridge name. */
export function localRecord(ctx: EngineContext, g: GlobalNetwork): NetworkRecord {
  const { vni: _vni, ...rest } = g;
  return { ...rest, device: ctx.naming.bridge(g.id) };
}

/**
 * Mirrors a global network into this host's store and kernel (bridge + VXLAN device, firewall elements,
 * DNS listener), as a local create does; the caller holds the networks lock. A local network of the same
 * name wins here: the global one is then not usable on this host, and the log says so.
 */
export async function addMirror(
  ctx: EngineContext,
  g: GlobalNetwork,
  t?: OpTimer,
): Promise<NetworkRecord | undefined> {
  const net = await buildMirror(ctx, g, t);
  if (net) await announceMirror(ctx, net, t);
  return net;
}

/**
 * The record and kernel half of a mirror (no DNS, no event yet), so a create can build it while its claims
 * are on their way to the store and drop it if they fail. Undefined when the network is already here or a
 * local network has its name.
 */
export async function buildMirror(
  ctx: EngineContext,
  g: GlobalNetwork,
  t?: OpTimer,
): Promise<NetworkRecord | undefined> {
  const phase = <T>(name: string, w: Promise<T>) => (t ? t.phase(name, w) : w);
  const s = ctx.store.state;
  if (s.networks.some((n) => n.id === g.id)) return undefined;
  if (s.networks.some((n) => n.name === g.name)) {
    ctx.log.error('global network not mirrored: a local network has its name', { network: g.name, id: g.id });
    return undefined;
  }
  const net = localRecord(ctx, g);
  s.networks.push(net);
  // The state file is this host's cache of a global network (etcd holds it): its write is not waited for.
  // After a kill before it lands, start-up removes the unrecorded links and the resync mirrors them again.
  ctx.store.save().catch((e: unknown) => ctx.log.error('could not save the state', { error: String(e) }));
  try {
    await settleAll([
      phase('links', ctx.drivers.get(net.driver).createNetwork(net)),
      phase('firewall', syncFirewall(ctx)),
    ]);
  } catch (e) {
    s.networks = s.networks.filter((n) => n.id !== net.id);
    await settleAll([ctx.store.save(), ctx.drivers.get(net.driver).deleteNetwork(net), syncFirewall(ctx)]);
    throw e;
  }
  return net;
}

/** The mirror is in place: its DNS listener starts and the event goes out. */
export async function announceMirror(ctx: EngineContext, net: NetworkRecord, t?: OpTimer): Promise<void> {
  const dns = async () => ctx.dns?.changed();
  await (t ? t.phase('dns', dns) : dns());
  ctx.log.info('global network mirrored', { network: net.name, id: net.id });
  ctx.events.emit({ type: 'network', action: 'create', id: net.id, name: net.name });
}

/** Removes the local mirror of a global network that is gone from the store (never with local endpoints). */
export async function removeMirror(ctx: EngineContext, net: NetworkRecord): Promise<boolean> {
  const s = ctx.store.state;
  if (endpointsOf(s, net.id).length > 0) {
    ctx.log.warn('global network gone from the store but has local endpoints; kept', { network: net.name });
    return false;
  }
  await unbuildMirror(ctx, net);
  await ctx.dns?.changed();
  ctx.log.info('global network removed', { network: net.name, id: net.id });
  ctx.events.emit({ type: 'network', action: 'remove', id: net.id, name: net.name });
  return true;
}

/** Record, links and firewall elements of a mirror go (the undo of `buildMirror`). */
export async function unbuildMirror(ctx: EngineContext, net: NetworkRecord): Promise<void> {
  const s = ctx.store.state;
  s.networks = s.networks.filter((n) => n.id !== net.id);
  await settleAll([ctx.store.save(), ctx.drivers.get(net.driver).deleteNetwork(net), syncFirewall(ctx)]);
}
