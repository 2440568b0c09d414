import { randomBytes } from 'node:crypto';
import { endpointMac } from '@switchyard/core';
import { EngineError } from '../errors';
import { check } from '../exec/command';
import { ipBatch, ipBatchForce, ipLine } from '../exec/ip';
import { readdressing } from '../drivers/bridge';
import { bridgeBatch } from '../exec/bridge';
import { OpTimer } from '../log/op-timer';
import { allocateAddress } from '../ipam/allocate';
import { endpointsOf, findNetwork, findSandbox, sandboxEndpoints } from '../model/lookup';
import { newId } from '../model/names';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import { writeSandboxFiles } from '../sandbox/files';
import type { ClusterHook, EngineContext } from '../engine-context';
import { knownNetworks, syncFirewall } from './network-ops';
import { settleAll } from './settle';

export interface ConnectRequest {
  ip?: string;
  ip6?: string;
  aliases: string[];
  /** First join of a new sandbox: its namespace is created in the same batch. */
  newNamespace?: boolean;
  /** A service's own sandbox (services/agent.ts): it may join a network that is not manually attachable. */
  service?: boolean;
  /**
   * Called once this endpoint's interface, addresses, routes, DNS redirect and the sandbox's files are in
   * place, while the peers are told (the announce runs beside the DNS redirect) and before the record's
   * last write.
   */
  onLinked?: () => void;
  /**
   * Called once the peers were told (a global network's row is in the store and in this host's view; at
   * once on a local network), before the record's last write: this host's load balancers can take the
   * endpoint now, not one fsync later (tens to hundreds of ms on a busy host).
   */
  onAnnounced?: () => void;
}

/**
 * The subnet an address of `family` comes from, with Docker's refusals of a requested one: none of that
 * family, or a subnet the user did not configure. Undefined: no address of that family. Local and global
 * (cluster-claimed) addresses both start here.
 */
export function addressPlan(net: NetworkRecord, family: 4 | 6, requested: string | undefined) {
  const plan = net.subnets.find((s) => s.subnet.includes(':') === (family === 6));
  if (!plan) {
    if (requested)
      throw EngineError.invalid(
        `invalid address ${requested}: network ${net.name} has no IPv${family} subnet`,
      );
    return undefined;
  }
  if (requested && plan.auto)
    throw EngineError.invalid(
      'user specified IP address is supported only when connecting to networks with user configured subnets',
    );
  return plan;
}

function pickAddress(net: NetworkRecord, family: 4 | 6, requested: string | undefined, used: Set<string>) {
  const plan = addressPlan(net, family, requested);
  if (!plan) return undefined;
  const r = allocateAddress(plan, used, requested);
  if (!r.ok) throw EngineError.conflict(r.error);
  return r.ip;
}

/**
 * Addresses for a new endpoint: from the local store, or on a global network picked from what this host
 * knows (`claimed: false`: claimed with the announce, one transaction, `claimAndAnnounce` below) or, with
 * a cluster hook that cannot do that, claimed cluster-wide first.
 */
async function pickAddresses(ctx: EngineContext, net: NetworkRecord, req: ConnectRequest, id: string) {
  if (net.scope === 'global') {
    if (!ctx.cluster)
      throw EngineError.forbidden(`network ${net.name} is global; this engine has no cluster store`);
    if (!net.attachable && !req.service)
      throw EngineError.forbidden(`network ${net.name} not manually attachable`);
    const pick = ctx.cluster.pickAddress?.bind(ctx.cluster);
    if (pick && ctx.cluster.claimAndAnnounce)
      return {
        ipv4: pick(net, 4, req.ip),
        ipv6: net.enableIPv6 ? pick(net, 6, req.ip6) : undefined,
        claimed: false,
      };
    const ipv4 = await ctx.cluster.claimAddress(net, 4, req.ip, id);
    try {
      const ipv6 = net.enableIPv6 ? await ctx.cluster.claimAddress(net, 6, req.ip6, id) : undefined;
      return { ipv4, ipv6 };
    } catch (e) {
      await ctx.cluster.releaseAddress(net, ipv4);
      throw e;
    }
  }
  const used = endpointsOf(ctx.store.state, net.id);
  const ipv4 = pickAddress(net, 4, req.ip, new Set(used.flatMap((e) => (e.ipv4 ? [e.ipv4] : []))));
  const ipv6 = net.enableIPv6
    ? pickAddress(net, 6, req.ip6, new Set(used.flatMap((e) => (e.ipv6 ? [e.ipv6] : []))))
    : undefined;
  return { ipv4, ipv6, claimed: true };
}

/** Bounded: a join tries at most this many addresses in its claim-with-announce before it gives up. */
const MAX_ANNOUNCE_TRIES = 16;
/** After a lost race for an address: the new pick is one of this many lowest free addresses. */
const RETRY_SPREAD = 16;

/**
 * The endpoint's claims and row in one transaction. An address found held (another host picked it in the
 * same moment) is replaced by another one: the interface is re-addressed, the files, the record and the
 * published ports follow, and the transaction is tried again; a requested address held fails as Docker's.
 * Until the transaction succeeds nothing of the endpoint is in the store, so a failure leaves no claim.
 */
async function claimAndAnnounce(
  ctx: EngineContext,
  net: NetworkRecord,
  sb: SandboxRecord,
  ep: EndpointRecord,
  req: ConnectRequest,
  defaultRoute: boolean,
  local?: Promise<void>,
): Promise<void> {
  const cluster = ctx.cluster as Required<Pick<ClusterHook, 'pickAddress' | 'claimAndAnnounce'>>;
  const held = new Set<string>();
  for (let i = 0; i < MAX_ANNOUNCE_TRIES; i++) {
    const taken = await cluster.claimAndAnnounce(net, ep, sb);
    if (taken === 'ok') return;
    if ((req.ip && taken.includes(req.ip)) || (req.ip6 && taken.includes(req.ip6)))
      throw EngineError.conflict('Address already in use');
    for (const ip of taken) held.add(ip);
    const from = { ipv4: ep.ipv4, ipv6: ep.ipv6, mac: ep.mac };
    // Others are picking right now: a random one of the next few free addresses, not the next one.
    if (ep.ipv4 && held.has(ep.ipv4)) {
      ep.ipv4 = cluster.pickAddress(net, 4, undefined, held, RETRY_SPREAD);
      ep.mac = endpointMac(ep.ipv4, randomBytes(4));
    }
    if (ep.ipv6 && held.has(ep.ipv6)) ep.ipv6 = cluster.pickAddress(net, 6, undefined, held, RETRY_SPREAD);
    ctx.log.info('address held by another host; the endpoint takes another', {
      network: net.name,
      sandbox: sb.name,
      held: taken.join(' '),
      ipv4: ep.ipv4,
      ipv6: ep.ipv6,
    });
    // The join's own DNS route and published ports (`local`, run beside the first try) are in place
    // before the address they use changes, so neither is written after the redo below (with the old one).
    await local?.catch(() => undefined);
    await settleAll([
      ctx.store.save(),
      check(ctx.runner, ipBatch(readdressing(net, from, ep, defaultRoute), sb.netns)),
      refreshFiles(ctx, sb),
    ]);
    // Deleting the old address took the routes from it, the sandbox's 127.0.0.11 route too (its source):
    // put back from the new one (a no-op when this endpoint's IPv4 address did not change).
    await ctx.dns?.redirect(sb);
    // The host's bridge may have learned the old MAC (the held address's owner's) on this port from the
    // sandbox's first frames: forgotten, so its frames go to their owner again (best effort: none learned).
    if (from.mac !== ep.mac)
      await ctx.runner.run(bridgeBatch([ipLine`fdb del ${from.mac} dev ${ep.hostIfname} master`], true));
    if (sb.ports.length > 0) await syncFirewall(ctx);
  }
  throw EngineError.conflict(
    `could not claim an address on ${net.name} after ${MAX_ANNOUNCE_TRIES} tries (each was taken meanwhile); retry`,
  );
}

async function releaseClaims(ctx: EngineContext, net: NetworkRecord, ep: EndpointRecord): Promise<void> {
  await ctx.cluster?.withdraw(net, ep);
  await ctx.cluster?.releaseAddress(net, ep.ipv4);
  await ctx.cluster?.releaseAddress(net, ep.ipv6);
}

function nextIfname(ctx: EngineContext, sb: SandboxRecord): string {
  const taken = new Set(sandboxEndpoints(ctx.store.state, sb.id).map((e) => e.ifname));
  for (let i = 0; ; i++) if (!taken.has(`eth${i}`)) return `eth${i}`;
}

/** The endpoint that carries the default route: the first on a non-internal network. */
export function gatewayEndpoint(ctx: EngineContext, sandboxId: string): EndpointRecord | undefined {
  const s = ctx.store.state;
  return sandboxEndpoints(s, sandboxId).find(
    (e) => s.networks.find((n) => n.id === e.networkId)?.internal === false,
  );
}

export async function refreshFiles(ctx: EngineContext, sb: SandboxRecord): Promise<void> {
  if (sb.mode !== 'netns') return;
  const s = ctx.store.state;
  const eps = sandboxEndpoints(s, sb.id);
  const nets = eps.map((e) => s.networks.find((n) => n.id === e.networkId));
  await writeSandboxFiles(ctx.runner, sb.netns, {
    hostname: sb.hostname,
    addresses: eps.flatMap((e) => [e.ipv4, e.ipv6].filter((a): a is string => !!a)),
    embeddedDns: nets.some((n) => n?.dns) || eps.length === 0,
  });
}

/** Joins a sandbox to a network; the caller holds the sandbox's lock. */
export async function joinLocked(
  ctx: EngineContext,
  net: NetworkRecord,
  sb: SandboxRecord,
  req: ConnectRequest,
) {
  return ctx.store.locks.lock([`net:${net.id}`], async () => {
    const t = new OpTimer(ctx.log, 'endpoint.join');
    const s = ctx.store.state;
    if (!s.networks.includes(net)) throw EngineError.notFound(`network ${net.name} not found`);
    if (sb.mode !== 'netns')
      throw EngineError.forbidden(`sandbox ${sb.name} uses network mode ${sb.mode}; it cannot join networks`);
    const driver = ctx.drivers.get(net.driver);
    // host and null have no endpoints: their join refuses with Docker's text before anything is allocated.
    if (!driver.hasEndpoints) await driver.join(net, {} as EndpointRecord, sb, { defaultRoute: false });
    if (sandboxEndpoints(s, sb.id).some((e) => e.networkId === net.id))
      throw EngineError.conflict(`endpoint with name ${sb.name} already exists in network ${net.name}`);
    const id = newId();
    const { ipv4, ipv6, claimed } = await t.phase('address', pickAddresses(ctx, net, req, id));
    const ep: EndpointRecord = {
      id,
      networkId: net.id,
      sandboxId: sb.id,
      ifname: nextIfname(ctx, sb),
      hostIfname: ctx.naming.hostVeth(id),
      mac: endpointMac(ipv4, randomBytes(4)),
      ipv4,
      ipv6,
      staticIp: !!req.ip,
      aliases: [...new Set([...sb.aliases, ...req.aliases])],
      created: new Date().toISOString(),
    };
    const defaultRoute = !net.internal && !gatewayEndpoint(ctx, sb.id);
    s.endpoints.push(ep);
    // The record, the kernel and the sandbox's files are written at once: after a crash either half alone
    // is repaired by reconcile (a record is re-applied, an unrecorded veth is removed, files rewritten),
    // and we answer only when all are done. The record's write (an fsync, often the slowest of them on a
    // busy host) does not hold the announce back: peers need the interface, not our record; a crash before
    // it lands leaves a row and claims no local record explains, which the next start's resync deletes.
    const stored = t.phase('store', ctx.store.save());
    // Handled here (awaited below, after other awaits): a failure meanwhile is not an unhandled rejection.
    stored.catch(() => undefined);
    try {
      const dns = ctx.dns;
      const prepare = dns?.prepare
        ? () => t.phase('prepare', dns.prepare?.(sb) ?? Promise.resolve())
        : undefined;
      // The namespace's DNS guard is set while the veth is made (a new namespace exists only once the
      // join's first batch has run). The 127.0.0.11 route needs the interface's address: when this
      // interface carries it, it goes at the end of the join's own in-namespace batch (no session job of its
      // own after the join: 10-25 ms of a new replica's path on a busy host) and the redirect below finds it
      // in place; otherwise (another interface carries it, a driver without such a batch) the redirect adds it.
      const early = req.newNamespace ? undefined : prepare?.();
      const alongside = req.newNamespace ? prepare : undefined;
      const inside = dns?.joinRoute?.(sb, ep.ifname);
      const join = driver.join(net, ep, sb, {
        defaultRoute,
        newNamespace: req.newNamespace,
        alongside,
        inside,
      });
      await settleAll([t.phase('link', join), t.phase('files', refreshFiles(ctx, sb)), early]);
      // What the sandbox itself needs next (its 127.0.0.11 route, then its command and its published ports)
      // and the announce to the peers both need only the interface: side by side, so another host's
      // convergence does not wait for this namespace's DNS route (one `ip` batch).
      const local = (async () => {
        if (dns) await t.phase('redirect', dns.redirect(sb));
        req.onLinked?.();
        if (sb.ports.length > 0) await t.phase('firewall', syncFirewall(ctx));
      })();
      // Announced only now that its interface is up: peers and DNS never see an endpoint that cannot answer.
      const announced =
        net.scope === 'global'
          ? t.phase('announce', async () =>
              claimed
                ? ctx.cluster?.announce(net, ep, sb)
                : claimAndAnnounce(ctx, net, sb, ep, req, defaultRoute, local),
            )
          : undefined;
      await settleAll([local, announced]);
      req.onAnnounced?.();
      await stored;
    } catch (e) {
      // Nothing is undone while the record's write is still going.
      await stored.catch(() => undefined);
      s.endpoints = s.endpoints.filter((x) => x.id !== ep.id);
      await ctx.store.save();
      await driver.leave(net, ep, sb);
      // Claims made with the row go with it, and only while they are this endpoint's (`withdraw`): an
      // address found held by another host is never released by us.
      if (net.scope === 'global')
        await (claimed ? releaseClaims(ctx, net, ep) : ctx.cluster?.withdraw(net, ep));
      await refreshFiles(ctx, sb).catch(() => undefined);
      await ctx.dns?.redirect(sb).catch(() => undefined);
      if (net.scope === 'global') ctx.cluster?.joinFailed?.(net);
      throw e;
    }
    await t.phase('dns', async () => ctx.dns?.changed());
    t.done({ network: net.name, sandbox: sb.name });
    ctx.log.info('endpoint joined', {
      network: net.name,
      sandbox: sb.name,
      ipv4: ep.ipv4,
      ipv6: ep.ipv6,
      ifname: ep.ifname,
    });
    emitEndpointEvent(ctx, 'connect', id, sb, net.name);
    return ep;
  });
}

export async function connect(ctx: EngineContext, netRef: string, sbRef: string, req: ConnectRequest) {
  await knownNetworks(ctx, [netRef]);
  const net = findNetwork(ctx.store.state, netRef);
  const sb = findSandbox(ctx.store.state, sbRef);
  return ctx.store.locks.lock([`sb:${sb.id}`], () => joinLocked(ctx, net, sb, req));
}

/** Leaves a network; the caller holds the sandbox's lock. Moves the default route if it went with it. */
export async function leaveLocked(ctx: EngineContext, ep: EndpointRecord, sb: SandboxRecord): Promise<void> {
  const t = new OpTimer(ctx.log, 'endpoint.leave');
  const s = ctx.store.state;
  const net = s.networks.find((n) => n.id === ep.networkId);
  const wasGateway = gatewayEndpoint(ctx, sb.id)?.id === ep.id;
  s.endpoints = s.endpoints.filter((e) => e.id !== ep.id);
  const next = wasGateway ? gatewayEndpoint(ctx, sb.id) : undefined;
  const nextNet = next && s.networks.find((n) => n.id === next.networkId);
  const gw = nextNet?.subnets.find((x) => !x.subnet.includes(':'))?.gateway;
  // Record, link, the default route's move and the files at once: after a crash reconcile re-applies a
  // record whose veth is gone (the disconnect never answered) or removes a veth no record explains.
  await settleAll([
    t.phase('store', ctx.store.save()),
    t.phase('withdraw', async () => net?.scope === 'global' && ctx.cluster?.withdraw(net, ep)),
    t.phase('link', async () => net && ctx.drivers.get(net.driver).leave(net, ep, sb)),
    t.phase('route', async () => {
      if (next && gw)
        await ctx.runner.run(
          ipBatchForce([ipLine`route replace default via ${gw} dev ${next.ifname}`], sb.netns),
        );
    }),
    t.phase('files', refreshFiles(ctx, sb)),
    t.phase('redirect', async () => ctx.dns?.redirect(sb)),
  ]);
  if (sb.ports.length > 0) await t.phase('firewall', syncFirewall(ctx));
  await t.phase('dns', async () => ctx.dns?.changed());
  t.done({ network: net?.name, sandbox: sb.name });
  ctx.log.info('endpoint left', { network: net?.name, sandbox: sb.name, ifname: ep.ifname });
  emitEndpointEvent(ctx, 'disconnect', ep.id, sb, net?.name);
}

/** The `endpoint` event of a sandbox joining or leaving a network (`switchyard-engine events`). */
export function emitEndpointEvent(
  ctx: EngineContext,
  action: 'connect' | 'disconnect',
  endpointId: string,
  sb: SandboxRecord,
  network: string | undefined,
): void {
  ctx.events.emit({ type: 'endpoint', action, id: endpointId, name: sb.name, network, sandbox: sb.name });
}

export async function disconnect(
  ctx: EngineContext,
  netRef: string,
  sbRef: string,
  force: boolean,
): Promise<void> {
  const net = findNetwork(ctx.store.state, netRef);
  const sb = findSandbox(ctx.store.state, sbRef);
  await ctx.store.locks.lock([`sb:${sb.id}`], async () => {
    const ep = sandboxEndpoints(ctx.store.state, sb.id).find((e) => e.networkId === net.id);
    if (!ep) {
      if (force) return;
      throw EngineError.notFound(`container ${sb.name} is not connected to network ${net.name}`);
    }
    await leaveLocked(ctx, ep, sb);
  });
}
