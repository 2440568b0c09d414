import type { EngineMethod, EngineParsedParams, EngineResult } from '@switchyard/protocol';
import type { LogLine } from '@switchyard/protocol';
import { API_VERSION } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { capture } from '../diag/capture';
import { dnsLookup } from '../diag/dns';
import { ping } from '../diag/ping';
import { resolveTarget } from '../diag/target';
import { tcpProbe } from '../diag/tcp';
import { probeBurst } from '../diag/burst';
import { execInSandbox } from '../sandbox/exec';
import { findNetwork, findSandbox } from '../model/lookup';
import { levelAtLeast } from '../log/logger';
import type { NetworkRecord } from '../model/types';
import type { CallIo, EngineContext } from '../engine-context';
import { connect, disconnect } from '../ops/endpoint-ops';
import { endpointInfo, networkInspect, sandboxInfo } from '../ops/inspect';
import { createNetwork, pruneNetworks, removeNetwork } from '../ops/network-ops';
import { createSandbox, removeSandbox } from '../ops/sandbox-ops';

export const ENGINE_VERSION = '0.1.0';

const droppedNotice = (n: number): LogLine => ({
  time: new Date().toISOString(),
  level: 'warn',
  msg: `${n} log lines were dropped: this reader did not keep up with the log`,
});

/** Docker's inspect shape, plus why it is broken (start-up repair) and the cluster's hosts for a global network. */
function withCluster(ctx: EngineContext, net: NetworkRecord) {
  const base = networkInspect(ctx.store.state, net, ctx.broken?.get(net.id));
  return net.scope === 'global' && ctx.cluster ? { ...base, ClusterHosts: ctx.cluster.hostNames() } : base;
}

/** Services live in the cluster store: a single host without one has none (as Docker outside swarm mode). */
function services(ctx: EngineContext): NonNullable<EngineContext['services']> {
  if (ctx.services) return ctx.services;
  throw EngineError.unavailable(
    'This node is not part of a cluster: services need a cluster store. Start the daemon with ' +
      '--cluster-store etcd://HOST:PORT --advertise-addr IP (engine/README.md, "Overlay networks")',
  );
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
    kernel: ctx.kernel,
  }),
  'network.create': async (ctx, p) => withCluster(ctx, await createNetwork(ctx, p)),
  'network.ls': async (ctx, p) =>
    ctx.store.state.networks
      .filter((n) => !p.filter || n.name.includes(p.filter) || n.id.startsWith(p.filter))
      .map((n) => withCluster(ctx, n)),
  'network.inspect': async (ctx, p) => {
    const net = findNetwork(ctx.store.state, p.network);
    const peers = net.scope === 'global' ? await ctx.cluster?.peers(net) : undefined;
    const bypass = net.driver === 'overlay' ? await ctx.cluster?.bypass(net) : undefined;
    return {
      ...withCluster(ctx, net),
      ...(peers ? { Peers: peers } : {}),
      ...(bypass ? { Bypass: bypass } : {}),
    };
  },
  'network.rm': async (ctx, p) => {
    const n = await removeNetwork(ctx, p.network);
    ctx.broken?.delete(n.id);
    return { removed: n.name };
  },
  'network.prune': async (ctx, p) => ({ removed: await pruneNetworks(ctx, p) }),
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
  'sandbox.ls': async (ctx) =>
    ctx.store.state.sandboxes.map((s) => sandboxInfo(ctx.store.state, s, ctx.broken?.get(s.id))),
  'sandbox.inspect': async (ctx, p) => {
    const s = findSandbox(ctx.store.state, p.sandbox);
    return sandboxInfo(ctx.store.state, s, ctx.broken?.get(s.id));
  },
  'sandbox.rm': async (ctx, p) => {
    const s = await removeSandbox(ctx, p.sandbox);
    ctx.broken?.delete(s.id);
    return { removed: s.name };
  },
  'sandbox.exec': async (ctx, p) => execInSandbox(ctx, findSandbox(ctx.store.state, p.sandbox), p),
  'diag.ping': async (ctx, p, io) => ping(await resolveTarget(ctx, p.from), p, io),
  'diag.dns': async (ctx, p) => dnsLookup(await resolveTarget(ctx, p.from), p),
  'diag.tcp': async (ctx, p) => tcpProbe(await resolveTarget(ctx, p.from), p),
  'diag.capture': async (ctx, p, io) => capture(ctx, await resolveTarget(ctx, p.from), p, io),
  'node.ls': async (ctx) =>
    ctx.cluster ? ctx.cluster.nodes() : { store: '', storeState: 'none' as const, nodes: [] },
  'service.create': async (ctx, p) => services(ctx).create(p),
  'service.ls': async (ctx) => (ctx.services ? ctx.services.ls() : []),
  'service.inspect': async (ctx, p) => services(ctx).inspect(p.service),
  'service.scale': async (ctx, p) => services(ctx).scale(p.service, p.replicas),
  'service.rm': async (ctx, p) => ({ removed: await services(ctx).rm(p.service) }),
  'service.ps': async (ctx, p) => services(ctx).ps(p.service),
  // Runs from any diag target (a sandbox on the service's network, usually): no cluster store needed.
  'service.probe': async (ctx, p, io) => probeBurst(await resolveTarget(ctx, p.from), p, io.cancelled),
  logs: async (ctx, p, io) => {
    const keep = (l: { level: Parameters<typeof levelAtLeast>[0]; network?: string }) =>
      levelAtLeast(l.level, p.level) && (!p.network || l.network === p.network);
    const lines = ctx.log.tail(p.tail).filter(keep);
    if (!p.follow) return { lines };
    // A reader too slow for the log loses lines, never the daemon's memory; it is told how many.
    let dropped = 0;
    const send = (l: LogLine) => {
      if (dropped > 0 && io.emit(droppedNotice(dropped))) dropped = 0;
      if (dropped > 0 || !io.emit(l)) dropped++;
    };
    for (const l of lines) send(l);
    const stop = ctx.log.follow((l) => keep(l) && send(l));
    await io.cancelled;
    stop();
    return { lines: [] };
  },
  events: async (ctx, _p, io) => {
    // Events are what a client rebuilds its view from: it must not miss one silently. A reader that falls
    // behind gets an error (and subscribes again, refreshing its view) instead of a gap.
    let delivered = 0;
    let overflow!: (e: Error) => void;
    const behind = new Promise<never>((_, fail) => (overflow = fail));
    const stop = ctx.events.subscribe((e) => {
      if (io.emit(e)) delivered++;
      else
        overflow(
          EngineError.unavailable(
            `events: the reader fell behind by more than the engine keeps (${delivered} delivered); subscribe again and refresh`,
          ),
        );
    });
    try {
      await Promise.race([io.cancelled, behind]);
    } finally {
      stop();
    }
    return { delivered };
  },
};
