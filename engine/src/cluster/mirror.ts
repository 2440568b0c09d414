import { endpointsOf } from '../model/lookup';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../ops/context';
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
export async function addMirror(ctx: EngineContext, g: GlobalNetwork): Promise<NetworkRecord | undefined> {
  const s = ctx.store.state;
  if (s.networks.some((n) => n.id === g.id)) return undefined;
  if (s.networks.some((n) => n.name === g.name)) {
    ctx.log.error('global network not mirrored: a local network has its name', { network: g.name, id: g.id });
    return undefined;
  }
  const net = localRecord(ctx, g);
  s.networks.push(net);
  try {
    await settleAll([ctx.store.save(), ctx.drivers.get(net.driver).createNetwork(net), syncFirewall(ctx)]);
  } catch (e) {
    s.networks = s.networks.filter((n) => n.id !== net.id);
    await ctx.store.save();
    await ctx.drivers.get(net.driver).deleteNetwork(net);
    throw e;
  }
  await ctx.dns?.changed();
  ctx.log.info('global network mirrored', { network: net.name, id: net.id });
  ctx.events.emit({ type: 'network', action: 'create', id: net.id, name: net.name });
  return net;
}

/** Removes the local mirror of a global network that is gone from the store (never with local endpoints). */
export async function removeMirror(ctx: EngineContext, net: NetworkRecord): Promise<boolean> {
  const s = ctx.store.state;
  if (endpointsOf(s, net.id).length > 0) {
    ctx.log.warn('global network gone from the store but has local endpoints; kept', { network: net.name });
    return false;
  }
  s.networks = s.networks.filter((n) => n.id !== net.id);
  await settleAll([ctx.store.save(), ctx.drivers.get(net.driver).deleteNetwork(net), syncFirewall(ctx)]);
  await ctx.dns?.changed();
  ctx.log.info('global network removed', { network: net.name, id: net.id });
  ctx.events.emit({ type: 'network', action: 'remove', id: net.id, name: net.name });
  return true;
}
