import type { SandboxCreateParams } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { findNetwork, findSandbox, sandboxEndpoints } from '../model/lookup';
import { newId } from '../model/names';
import type { NetworkRecord, SandboxRecord, ServiceTag } from '../model/types';
import type { PublishRequest } from '../ports/parse';
import { parsePublish } from '../ports/parse';
import { reservationKey, reservePorts } from '../ports/reserve';
import { nftSessionKey } from '../exec/nft';
import { removeSandboxFiles } from '../sandbox/files';
import { createNetns, deleteNetns } from '../sandbox/netns';
import { hostLinksOf } from '../drivers/driver';
import type { EngineContext, SpareNetns } from '../engine-context';
import { dnsGateway } from '../sandbox/dns-route';
import { publishingEndpoint } from './fw-model';
import { emitEndpointEvent, joinLocked, refreshFiles } from './endpoint-ops';
import { knownNetworks, syncFirewall } from './network-ops';

const SANDBOXES_LOCK = 'sandboxes';

interface ModePlan {
  mode: SandboxRecord['mode'];
  shareWith?: SandboxRecord;
  networks: NetworkRecord[];
}

/** `--network host|none|container:<x>|<names...>` → mode and networks, with Docker's refusals. */
function planMode(ctx: EngineContext, p: SandboxCreateParams): ModePlan {
  const s = ctx.store.state;
  const refs = p.networks.length > 0 ? p.networks : ['bridge'];
  const special = refs.filter((r) => r === 'host' || r === 'none' || r.startsWith('container:'));
  if (special.length > 0 && refs.length > 1)
    throw EngineError.invalid(
      'conflicting options: cannot attach both user-defined and non-user-defined network-modes',
    );
  const only = refs[0] as string;
  if (only.startsWith('container:')) {
    if (p.publish.length > 0)
      throw EngineError.invalid(
        'conflicting options: port publishing and the container sharing network namespace',
      );
    const target = findSandbox(s, only.slice('container:'.length));
    const root = target.mode === 'container' ? findSandbox(s, target.shareWith as string) : target;
    return { mode: 'container', shareWith: root, networks: [] };
  }
  if (only === 'host' || only === 'none') return { mode: only, networks: [] };
  const networks = refs.map((r) => findNetwork(s, r));
  for (const n of networks) {
    if (n.driver === 'host') return { mode: 'host', networks: [] };
    if (n.driver === 'null') return { mode: 'none', networks: [] };
  }
  return { mode: 'netns', networks };
}

function parseAllPublish(specs: string[]): PublishRequest[] {
  return specs.flatMap((spec) => {
    const r = parsePublish(spec);
    if (typeof r === 'string') throw EngineError.invalid(r);
    return r;
  });
}

function takenPorts(ctx: EngineContext): Set<string> {
  return new Set(ctx.store.state.sandboxes.flatMap((s) => s.ports.map(reservationKey)));
}

/**
 * A spare namespace (spare-netns.ts) is what a fresh one would be for a sandbox with its own namespace on
 * a network whose 127.0.0.11 is routed: the DNS sets route_localnet and the loopback guard in that one
 * (discovery/service.ts `prepare`), which the spare has. Any other (no network, the default bridge, only
 * macvlan/ipvlan) keeps a namespace without them: it makes its own, and the spare waits for the next.
 */
export function spareFits(ctx: EngineContext, mode: SandboxRecord['mode'], networks: NetworkRecord[]) {
  return mode === 'netns' && !!ctx.dns?.markLocalnet && networks.some((n) => dnsGateway(n) !== undefined);
}

/**
 * Creates a sandbox. `service`: set by the services agent on the sandboxes it makes (replicas, ingress
 * entries); `onReady`: called once the namespace is joined to its networks, before the record's last write
 * (the agent starts a replica's command there, not one fsync later).
 */
export async function createSandbox(
  ctx: EngineContext,
  p: SandboxCreateParams,
  service?: ServiceTag,
  onReady?: (sb: SandboxRecord) => void,
  /**
   * Called once its namespace is usable (still `creating`): every network's interface, addresses, routes, the
   * DNS redirect and files are in place; the peers are not told of the last network's endpoint yet.
   */
  onLinked?: (sb: SandboxRecord) => void,
  /**
   * Called once its last network's endpoint is announced (still `creating`; the record's last write is
   * still going): the services agent programs this host's load balancers there.
   */
  onAnnounced?: (sb: SandboxRecord) => void,
): Promise<SandboxRecord> {
  // First, before any check: nothing may wait between the checks and the changes.
  await knownNetworks(ctx, p.networks);
  const s = ctx.store.state;
  // Everything is checked before anything changes.
  const existing = s.sandboxes.find((x) => x.name === p.name);
  if (existing)
    throw EngineError.conflict(
      `Conflict. The container name "/${p.name}" is already in use by container "${existing.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
  const plan = planMode(ctx, p);
  // macvlan/ipvlan sandboxes are machines on the LAN: Docker ignores -p there with a warning, so do we.
  const l2Only =
    plan.networks.length > 0 && plan.networks.every((n) => n.driver === 'macvlan' || n.driver === 'ipvlan');
  if (l2Only && p.publish.length > 0)
    ctx.log.warn(`${plan.networks[0]?.driver} driver does not support port mappings`, { sandbox: p.name });
  const publish = plan.mode === 'netns' && !l2Only ? parseAllPublish(p.publish) : [];
  if (plan.mode === 'host' && p.publish.length > 0)
    ctx.log.warn('Published ports are discarded when using host network mode', { sandbox: p.name });
  // Taken after the checks above, and from here on this create's to delete whatever happens: refused
  // before its record exists (a name taken meanwhile, a port held) or torn down (idempotent: a teardown
  // may have deleted it already).
  const useSpare = spareFits(ctx, plan.mode, plan.networks) ? ctx.spare?.take() : undefined;
  try {
    return await build(ctx, p, plan, publish, useSpare, { service, onReady, onLinked, onAnnounced });
  } catch (e) {
    if (useSpare) await deleteNetns(ctx.runner, useSpare.netns).catch(() => undefined);
    throw e;
  } finally {
    // An ordinary create has answered: the next spare is made now (a replica's waits out the delay, beside
    // the balancers its peers are programming).
    if (useSpare && !service) ctx.spare?.settled();
  }
}

/** What `createSandbox` was given besides its parameters (its doc comment says what each is). */
interface Hooks {
  service?: ServiceTag;
  onReady?: (sb: SandboxRecord) => void;
  onLinked?: (sb: SandboxRecord) => void;
  onAnnounced?: (sb: SandboxRecord) => void;
}

/** The changes of `createSandbox`, once everything is checked: in a spare namespace when one was taken. */
async function build(
  ctx: EngineContext,
  p: SandboxCreateParams,
  plan: ModePlan,
  publish: PublishRequest[],
  useSpare: SpareNetns | undefined,
  { service, onReady, onLinked, onAnnounced }: Hooks,
): Promise<SandboxRecord> {
  const s = ctx.store.state;
  const id = useSpare?.id ?? newId();
  const sb: SandboxRecord = {
    id,
    name: p.name,
    hostname: p.hostname ?? id.slice(0, 12),
    mode: plan.mode,
    shareWith: plan.shareWith?.id,
    netns:
      plan.mode === 'host'
        ? ''
        : plan.shareWith
          ? plan.shareWith.netns
          : (useSpare?.netns ?? ctx.naming.netns(id)),
    created: new Date().toISOString(),
    aliases: p.aliases,
    ports: [],
    status: 'creating',
    ...(service ? { service } : {}),
  };
  return ctx.store.locks.lock([`sb:${id}`], async () => {
    await ctx.store.locks.lock([SANDBOXES_LOCK], async () => {
      if (s.sandboxes.some((x) => x.name === p.name))
        throw EngineError.conflict(`Conflict. The container name "/${p.name}" is already in use`);
      const held = await reservePorts(publish, takenPorts(ctx), () =>
        publishingEndpoint(ctx.store.state, id),
      );
      ctx.ports.set(id, held);
      sb.ports = held.map((h) => h.mapping);
      s.sandboxes.push(sb);
      // With a network to join, the join writes the record at the same time as it makes the namespace (a
      // crash between leaves either alone, and reconcile repairs both): no write of its own first, which
      // was a whole fsync before any kernel work (4-100 ms of a service replica's start on a busy host).
      if (plan.networks.length === 0) await ctx.store.save();
    });
    try {
      // A spare has route_localnet on already: the DNS redirect need not start a process to set it.
      if (useSpare) ctx.dns?.markLocalnet?.(sb);
      // With a network to join, the namespace is created in that join's first `ip -batch` (or was made in
      // advance: a spare), and the join writes the sandbox's files.
      if ((plan.mode === 'netns' || plan.mode === 'none') && plan.networks.length === 0) {
        await createNetns(ctx.runner, sb.netns);
        await refreshFiles(ctx, sb);
        onLinked?.(sb);
      }
      for (const [i, net] of plan.networks.entries())
        await joinLocked(ctx, net, sb, {
          aliases: [],
          ip: i === 0 ? p.ip : undefined,
          ip6: i === 0 ? p.ip6 : undefined,
          newNamespace: i === 0 && !useSpare,
          service: !!service,
          onLinked: i === plan.networks.length - 1 && onLinked ? () => onLinked(sb) : undefined,
          onAnnounced: i === plan.networks.length - 1 && onAnnounced ? () => onAnnounced(sb) : undefined,
        });
      if (sb.ports.length > 0) await syncFirewall(ctx);
      sb.status = 'ready';
      onReady?.(sb);
      await ctx.store.save();
    } catch (e) {
      await teardown(ctx, sb);
      throw e;
    }
    ctx.log.info('sandbox created', { sandbox: sb.name, id, mode: sb.mode, netns: sb.netns });
    ctx.events.emit({ type: 'sandbox', action: 'create', id, name: sb.name });
    return sb;
  });
}

/** Removes record, namespace, files and held ports; every step tolerates what is already gone. */
export async function teardown(ctx: EngineContext, sb: SandboxRecord): Promise<void> {
  const s = ctx.store.state;
  const eps = sandboxEndpoints(s, sb.id);
  s.endpoints = s.endpoints.filter((e) => e.sandboxId !== sb.id);
  s.sandboxes = s.sandboxes.filter((x) => x.id !== sb.id);
  // Global endpoints leave the peers first (best effort: a resync removes what an unreachable store kept).
  const withdraw = eps.map(async (e) => {
    const net = s.networks.find((n) => n.id === e.networkId);
    if (net?.scope === 'global') await ctx.cluster?.withdraw(net, e);
  });
  await Promise.all([ctx.store.save(), ...withdraw]);
  if (sb.mode === 'netns' || sb.mode === 'none') {
    // Sockets the DNS holds inside the namespace would keep it (and its links) alive: closed first, and
    // so is the `nft -i` session a load balancer may keep there (services/agent.ts).
    await Promise.all([ctx.dns?.release?.(sb), ctx.runner.release?.(nftSessionKey(sb.netns))]);
    const drivers = eps.map((e) => {
      const net = s.networks.find((n) => n.id === e.networkId);
      return { e, d: net ? ctx.drivers.get(net.driver) : undefined };
    });
    await deleteNetns(
      ctx.runner,
      sb.netns,
      drivers.flatMap(({ e, d }) => (d ? hostLinksOf(d, e) : [e.hostIfname])),
      // Links that live only inside (macvlan, ipvlan) are deleted there first: at once, not whenever the
      // kernel gets round to freeing the namespace (a passthru parent stays busy until then).
      drivers.filter(({ e, d }) => d && hostLinksOf(d, e).length === 0).map(({ e }) => e.ifname),
    );
    await removeSandboxFiles(ctx.runner, sb.netns);
  }
  await Promise.all((ctx.ports.get(sb.id) ?? []).map((r) => r.release()));
  ctx.ports.delete(sb.id);
  if (sb.ports.length > 0) await syncFirewall(ctx);
  if (eps.length > 0) await ctx.dns?.changed();
  for (const ep of eps) {
    const net = s.networks.find((n) => n.id === ep.networkId);
    emitEndpointEvent(ctx, 'disconnect', ep.id, sb, net?.name);
  }
}

export async function removeSandbox(ctx: EngineContext, ref: string): Promise<SandboxRecord> {
  const sb = findSandbox(ctx.store.state, ref);
  return ctx.store.locks.lock([`sb:${sb.id}`], async () => {
    if (!ctx.store.state.sandboxes.includes(sb)) throw EngineError.notFound(`sandbox ${ref} not found`);
    const sharers = ctx.store.state.sandboxes.filter((x) => x.shareWith === sb.id);
    if (sharers.length > 0)
      throw EngineError.inUse(
        `sandbox ${sb.name} shares its network namespace with ${sharers.map((x) => x.name).join(', ')}; remove those first`,
      );
    await teardown(ctx, sb);
    ctx.log.info('sandbox removed', { sandbox: sb.name, id: sb.id });
    ctx.events.emit({ type: 'sandbox', action: 'remove', id: sb.id, name: sb.name });
    return sb;
  });
}
