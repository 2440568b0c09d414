import type { EngineMethod, EngineParsedParams, EngineResult } from '@switchyard/protocol';
import { API_VERSION } from '@switchyard/protocol';
import { capture } from '../diag/capture';
import { dnsLookup } from '../diag/dns';
import { ping } from '../diag/ping';
import { resolveTarget } from '../diag/target';
import { tcpProbe } from '../diag/tcp';
import { execInSandbox } from '../sandbox/exec';
import { findNetwork, findSandbox } from '../model/lookup';
import { levelAtLeast } from '../log/logger';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../ops/context';
import { connect, disconnect } from '../ops/endpoint-ops';
import { endpointInfo, networkInspect, sandboxInfo } from '../ops/inspect';
import { createNetwork, pruneNetworks, removeNetwork } from '../ops/network-ops';
import { createSandbox, removeSandbox } from '../ops/sandbox-ops';

export const ENGINE_VERSION = '0.1.0';

/** Docker's inspect shape, plus the cluster's hosts for a global network. */
function withCluster(ctx: EngineContext, net: NetworkRecord) {
  const base = networkInspect(ctx.store.state, net);
  return net.scope === 'global' && ctx.cluster ? { ...base, ClusterHosts: ctx.cluster.hostNames() } : base;
}

/** What a handler can do besides returning: stream data to the caller and learn that it went away. */
export interface CallIo {
  emit(data: unknown): void;
  /** Resolves when the client cancels the request or disconnects. */
  cancelled: Promise<void>;
}

type Handler<M extends EngineMethod> = (
  ctx: EngineContext,
  p: EngineParsedParams<M>,
  io: CallIo,
) => Promise<EngineResult<M>>;
type Table = { [M in EngineMethod]: Handler<M> };

/** One line per method: the operation modules do the work. */
export const handlers: Table = {
  version: async (ctx) => ({
    apiVersion: API_VERSION,
    engineVersion: ENGINE_VERSION,
    node: process.version,
    prefix: ctx.naming.prefix,
    pid: process.pid,
  }),
  'network.create': async (ctx, p) => withCluster(ctx, await createNetwork(ctx, p)),
  'network.ls': async (ctx, p) =>
    ctx.store.state.networks
      .filter((n) => !p.filter || n.name.includes(p.filter) || n.id.startsWith(p.filter))
      .map((n) => withCluster(ctx, n)),
  'network.inspect': async (ctx, p) => {
    const net = findNetwork(ctx.store.state, p.network);
    const peers = net.scope === 'global' ? await ctx.cluster?.peers(net) : undefined;
    return { ...withCluster(ctx, net), ...(peers ? { Peers: peers } : {}) };
  },
  'network.rm': async (ctx, p) => ({ removed: (await removeNetwork(ctx, p.network)).name }),
  'network.prune': async (ctx) => ({ removed: await pruneNetworks(ctx) }),
  'network.connect': async (ctx, p) =>
    endpointInfo(
      ctx.store.state,
      await connect(ctx, p.network, p.sandbox, { ip: p.ip, ip6: p.ip6, aliases: p.aliases }),
    ),
  'network.disconnect': async (ctx, p) => {
    await disconnect(ctx, p.network, p.sandbox, p.force);
    return { ok: true as const };
  },
  'sandbox.create': async (ctx, p) => sandboxInfo(ctx.store.state, await createSandbox(ctx, p)),
  'sandbox.ls': async (ctx) => ctx.store.state.sandboxes.map((s) => sandboxInfo(ctx.store.state, s)),
  'sandbox.inspect': async (ctx, p) => sandboxInfo(ctx.store.state, findSandbox(ctx.store.state, p.sandbox)),
  'sandbox.rm': async (ctx, p) => ({ removed: (await removeSandbox(ctx, p.sandbox)).name }),
  'sandbox.exec': async (ctx, p) => execInSandbox(ctx, findSandbox(ctx.store.state, p.sandbox), p),
  'diag.ping': async (ctx, p, io) => ping(await resolveTarget(ctx, p.from), p, io),
  'diag.dns': async (ctx, p) => dnsLookup(await resolveTarget(ctx, p.from), p),
  'diag.tcp': async (ctx, p) => tcpProbe(await resolveTarget(ctx, p.from), p),
  'diag.capture': async (ctx, p, io) => capture(ctx, await resolveTarget(ctx, p.from), p, io),
  'node.ls': async (ctx) =>
    ctx.cluster ? ctx.cluster.nodes() : { store: '', storeState: 'none' as const, nodes: [] },
  logs: async (ctx, p, io) => {
    const keep = (l: { level: Parameters<typeof levelAtLeast>[0]; network?: string }) =>
      levelAtLeast(l.level, p.level) && (!p.network || l.network === p.network);
    const lines = ctx.log.tail(p.tail).filter(keep);
    if (!p.follow) return { lines };
    for (const l of lines) io.emit(l);
    const stop = ctx.log.follow((l) => keep(l) && io.emit(l));
    await io.cancelled;
    stop();
    return { lines: [] };
  },
  events: async (ctx, _p, io) => {
    let delivered = 0;
    const stop = ctx.events.subscribe((e) => {
      delivered++;
      io.emit(e);
    });
    await io.cancelled;
    stop();
    return { delivered };
  },
};
