import type { NetworkCreateParams, NodeInfo, NodeLsResult, OverlayPeer } from '@switchyard/protocol';
import { randomInt } from 'node:crypto';
import { EngineError } from '../errors';
import { OpTimer } from '../log/op-timer';
import type { OverlayDriver } from '../drivers/overlay';
import { VNI_OPTION } from '../drivers/overlay';
import { allocateAddress } from '../ipam/allocate';
import { endpointsOf } from '../model/lookup';
import { newId } from '../model/names';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import type { ClusterHook, EngineContext } from '../engine-context';
import { addressPlan } from '../ops/endpoint-ops';
import { NETWORKS_LOCK } from '../ops/network-ops';
import { announceArp } from './arp';
import { encryptedRefusal } from './kernel-crypto';
import { addMirror, announceMirror, buildMirror, removeMirror, unbuildMirror } from './mirror';
import { overlayPeers } from './peers';
import type { GlobalNetwork } from './records';
import { GlobalNetworkSchema, keys, parseRow } from './records';
import type { ClusterStore } from './store';
import type { ClusterSync } from './sync';
import { claimValue } from './sync';
import { claimAddressTxn, claimAndAnnounceTxn, claimNetwork, networkClaims, removeNetworkTxn } from './txn';
import { emptyDirty } from './view';

const FIRST_VNI = 4097; // Docker's first overlay VNI
const MAX_VNI = 16_777_215;
/** Bounded work: a claim tries at most this many addresses before saying the pool is contended. */
const MAX_CLAIM_TRIES = 256;

/** The overlay operations that need the cluster store; the ops call these through `ctx.cluster`. */
export class ClusterService implements ClusterHook {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ClusterStore,
    private readonly sync: ClusterSync,
    private readonly driver: OverlayDriver,
    private readonly underlayMtu: () => number | undefined,
  ) {}

  private get me(): string {
    return this.store.cfg.advertiseAddr;
  }

  /** Lowest underlay MTU across the registered hosts, minus VXLAN's 50 bytes (70 over IPv6). */
  private overlayMtu(): number {
    const mtus = [...this.sync.view.hosts.values()].flatMap((h) => (h.underlayMtu ? [h.underlayMtu] : []));
    const own = this.underlayMtu();
    if (own) mtus.push(own);
    const overhead = this.me.includes(':') ? 70 : 50;
    return (mtus.length > 0 ? Math.min(...mtus) : 1500) - overhead;
  }

  async createNetwork(p: NetworkCreateParams, plan: (id: string) => Promise<NetworkRecord>) {
    const t = new OpTimer(this.ctx.log, 'network.create');
    if (p.options.encrypted !== undefined && p.options.encrypted !== 'false')
      throw EngineError.forbidden(encryptedRefusal(this.ctx.kernel));
    const mtuMax = this.overlayMtu();
    const asked = p.options['com.docker.network.driver.mtu'];
    const vniText = p.options[VNI_OPTION];
    const vniAsked = vniText === undefined ? undefined : Number(vniText);
    if (vniAsked !== undefined && (!Number.isInteger(vniAsked) || vniAsked < 1 || vniAsked > MAX_VNI))
      throw EngineError.invalid(
        `invalid VXLAN id "${vniText}" (${VNI_OPTION}): use one number from 1 to ${MAX_VNI}`,
      );
    const net = await t.phase('plan', plan(newId()));
    if (asked !== undefined && net.mtu > mtuMax)
      throw EngineError.invalid(
        `MTU ${net.mtu} is larger than the underlay allows: the lowest underlay MTU in the cluster minus the ` +
          `VXLAN header is ${mtuMax}; use -o com.docker.network.driver.mtu=${mtuMax} or less`,
      );
    if (asked === undefined) net.mtu = mtuMax;
    net.dns = true;
    const used = new Set([...this.sync.view.networks.values()].map((n) => n.vni));
    for (let tries = 0; tries < 64; tries++) {
      let vni = vniAsked ?? FIRST_VNI;
      while (vniAsked === undefined && used.has(vni)) vni++;
      const g: GlobalNetwork = { ...net, options: { ...net.options, [VNI_OPTION]: String(vni) }, vni };
      delete (g as { device?: string }).device;
      // The claim and this host's bridge + VXLAN device at once: the kernel work is undone if a claim fails.
      const [claimed, built] = await Promise.allSettled([
        t.phase(
          'claim',
          this.store.call((c) => claimNetwork(c, g)),
        ),
        buildMirror(this.ctx, g, t),
      ]);
      const mine = built.status === 'fulfilled' ? built.value : undefined;
      const res = claimed.status === 'fulfilled' ? claimed.value : undefined;
      if (res?.succeeded && built.status === 'fulfilled') {
        this.sync.view.apply(keys.network(g.id), JSON.stringify(g), emptyDirty());
        if (mine) await announceMirror(this.ctx, mine, t);
        t.done({ network: g.name });
        return mine ?? (this.ctx.store.state.networks.find((n) => n.id === g.id) as NetworkRecord);
      }
      if (mine) await unbuildMirror(this.ctx, mine);
      // Not buildable here (the kernel refused): take the claims back, so no host keeps a broken network.
      if (res?.succeeded) {
        await this.dropKeys(g).catch(() => undefined);
        throw (built as PromiseRejectedResult).reason;
      }
      if (!res) throw (claimed as PromiseRejectedResult).reason;
      const owners = res.responses.map((r) => r.response_range?.kvs?.[0]?.value?.toString());
      const ownerName = (id?: string) =>
        [...this.sync.view.networks.values()].find((n) => n.id === id)?.name ?? id;
      if (owners[0]) throw EngineError.conflict(`network with name ${g.name} already exists`);
      if (owners.slice(2).some(Boolean))
        throw EngineError.conflict(
          'invalid pool request: Pool overlaps with other one on this address space',
        );
      if (vniAsked !== undefined)
        throw EngineError.conflict(`VXLAN id ${vniAsked} is used by network ${ownerName(owners[1])}`);
      used.add(vni);
    }
    throw EngineError.conflict('could not claim a free VXLAN id after 64 tries; retry');
  }

  /**
   * One transaction: the network goes only while no host holds an address claim or endpoint row on it, and
   * a connect's claim only succeeds while the network's row exists; so a connect racing the removal on
   * another host either fails (network not found) or makes the removal fail (active endpoints).
   */
  async removeNetwork(net: NetworkRecord): Promise<void> {
    const g = this.sync.view.networks.get(net.id);
    const out = await this.store.call((c) => removeNetworkTxn(c, { ...net, vni: g?.vni }));
    if (!out.removed && !out.gone)
      throw EngineError.inUse(
        `error while removing network: network ${net.name} id ${net.id} has active endpoints` +
          (out.hosts.length > 0 ? ` (on ${out.hosts.join(', ')})` : ''),
      );
    this.sync.view.networks.delete(net.id);
    await removeMirror(this.ctx, net);
  }

  /** The network's row, its claims and its address claims, in one transaction. */
  private async dropKeys(net: { id: string; name: string; vni?: number; subnets: { subnet: string }[] }) {
    const c = this.store.client;
    await c
      .if(keys.network(net.id), 'Create', '>', 0)
      .then(
        c.delete().key(keys.network(net.id)),
        ...networkClaims(net).map((k) => c.delete().key(k)),
        c.delete().prefix(keys.ips(net.id)),
      )
      .commit();
  }

  async claimAddress(net: NetworkRecord, family: 4 | 6, requested: string | undefined, endpointId: string) {
    return this.claim(net, family, requested, claimValue(this.me, endpointId), true);
  }

  /**
   * A service's virtual IP on a network: claimed as any address (so no endpoint ever gets it), but owned by
   * the service rather than a host, so without a lease: it lives until the service is removed.
   */
  claimVip(net: NetworkRecord, owner: string, endpoint: string): Promise<string | undefined> {
    return this.claim(net, 4, undefined, claimValue(owner, endpoint), false);
  }

  private async claim(
    net: NetworkRecord,
    family: 4 | 6,
    requested: string | undefined,
    value: string,
    leased: boolean,
  ) {
    const plan = addressPlan(net, family, requested);
    if (!plan) return undefined;
    const used = this.usedAddresses(net, family);
    for (let i = 0; i < MAX_CLAIM_TRIES; i++) {
      const r = allocateAddress(plan, used, requested);
      if (!r.ok) throw EngineError.conflict(r.error);
      const lease = leased ? (this.store.leaseId as string) : undefined;
      const got = await this.store.call((c) => claimAddressTxn(c, net.id, r.ip, value, lease));
      if (got === 'ok') return r.ip;
      if (got === 'gone')
        throw EngineError.notFound(
          `network ${net.name} not found: it was removed from the cluster store while this endpoint was being added`,
        );
      if (requested) throw EngineError.conflict('Address already in use');
      used.add(r.ip);
    }
    throw EngineError.conflict(
      `could not claim an address on ${net.name} after ${MAX_CLAIM_TRIES} tries; retry`,
    );
  }

  /**
   * The addresses of a network this host knows to be taken: its own endpoints', every announced row's and
   * the services' VIPs (claimed keys this host cannot see otherwise: the claim's compare finds them).
   */
  private usedAddresses(net: NetworkRecord, family: 4 | 6): Set<string> {
    const field = family === 4 ? 'ipv4' : 'ipv6';
    const vips = [...this.sync.view.services.values()].flatMap((rec) =>
      rec.networks.flatMap((n) => (n.id === net.id && n.vip ? [n.vip] : [])),
    );
    return new Set<string>([
      ...endpointsOf(this.ctx.store.state, net.id).flatMap((e) => (e[field] ? [e[field] as string] : [])),
      ...this.sync.view.rowsOf(net.id).flatMap((r) => (r[field] ? [r[field] as string] : [])),
      ...(family === 4 ? vips : []),
    ]);
  }

  /**
   * An address for a new endpoint that no endpoint this host knows of has, not claimed: `claimAndAnnounce`
   * claims it with the endpoint's row, once its interface is up. `exclude`: addresses found held meanwhile.
   */
  pickAddress(
    net: NetworkRecord,
    family: 4 | 6,
    requested: string | undefined,
    exclude: ReadonlySet<string> = new Set(),
    spread = 1,
  ): string | undefined {
    const plan = addressPlan(net, family, requested);
    if (!plan) return undefined;
    const used = this.usedAddresses(net, family);
    for (const ip of exclude) used.add(ip);
    // `spread` > 1 (a join whose pick was just taken by another host): one of the lowest `spread` free
    // addresses at random. The hosts that lost the same address to the same winner would otherwise all
    // take the next one and race for it again (50 parallel connects over three hosts: 78 re-picks).
    const free: string[] = [];
    for (let i = 0; i < (requested ? 1 : Math.max(1, spread)); i++) {
      const r = allocateAddress(plan, used, requested);
      if (!r.ok) {
        if (free.length > 0) break;
        throw EngineError.conflict(r.error);
      }
      free.push(r.ip);
      used.add(r.ip);
    }
    return free[randomInt(free.length)];
  }

  /**
   * The endpoint's address claims and its row in one transaction (txn.ts `claimAndAnnounceTxn`): 'ok', or
   * the addresses another endpoint holds (nothing written: the caller picks others and tries again).
   * Throws not-found when the network was removed meanwhile.
   */
  async claimAndAnnounce(
    net: NetworkRecord,
    ep: EndpointRecord,
    sb: SandboxRecord,
  ): Promise<'ok' | string[]> {
    const ips = [ep.ipv4, ep.ipv6].filter((ip): ip is string => !!ip);
    const mine = claimValue(this.me, ep.id);
    const row = this.rowOf(net, ep, sb);
    const res = await this.store.call((c) =>
      claimAndAnnounceTxn(
        c,
        net.id,
        ips,
        mine,
        { key: keys.endpoint(net.id, ep.id), value: JSON.stringify(row) },
        this.store.leaseId as string,
      ),
    );
    if (!res.ok && res.gone)
      throw EngineError.notFound(
        `network ${net.name} not found: it was removed from the cluster store while this endpoint was being added`,
      );
    const taken = res.ok ? [] : [...res.held].filter(([, v]) => v !== mine).map(([ip]) => ip);
    if (taken.length > 0) return taken;
    // Claimed: gratuitous ARP and the row in this host's view (as `announce`). Held by this endpoint
    // already (a resync claimed its addresses meanwhile): announced the usual way.
    if (!res.ok) return this.announce(net, ep, sb).then(() => 'ok' as const);
    announceArp(this.ctx, sb, ep);
    this.sync.view.apply(keys.endpoint(net.id, ep.id), JSON.stringify(row), emptyDirty());
    return 'ok';
  }

  /**
   * A join on `net` failed and was undone: when the network left the store meanwhile (a removal on another
   * host that committed while this join built its interface, before its claim), its mirror, kept while the
   * join held it, goes now (after the join's locks are released).
   */
  joinFailed(net: NetworkRecord): void {
    if (this.sync.view.networks.has(net.id)) return;
    setImmediate(() => void this.sync.remirror());
  }

  async releaseAddress(net: NetworkRecord, ip: string | undefined): Promise<void> {
    if (!ip) return;
    await this.store.client
      .delete()
      .key(keys.ip(net.id, ip))
      .exec()
      .catch(() => undefined);
  }

  private rowOf(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord) {
    return (
      this.sync.ownRows().find((r) => r.id === ep.id) ?? {
        id: ep.id,
        networkId: net.id,
        vtep: this.me,
        host: this.store.cfg.nodeName,
        sandboxId: sb.id,
        name: sb.name,
        aliases: ep.aliases,
        mac: ep.mac,
        ipv4: ep.ipv4,
        ipv6: ep.ipv6,
        ...(sb.service ? { service: sb.service } : {}),
      }
    );
  }

  async announce(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<void> {
    const row = this.rowOf(net, ep, sb);
    // Same-host neighbours learn the new MAC before anyone resolves the name; the row goes out at once.
    announceArp(this.ctx, sb, ep);
    await this.store.call((c) =>
      c
        .put(keys.endpoint(net.id, ep.id))
        .value(JSON.stringify(row))
        .lease(this.store.leaseId as string)
        .exec(),
    );
    this.sync.view.apply(keys.endpoint(net.id, ep.id), JSON.stringify(row), emptyDirty());
  }

  async withdraw(net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    this.sync.view.apply(keys.endpoint(net.id, ep.id), undefined, emptyDirty());
    if (!this.store.up) return;
    const c = this.store.client;
    const ips = [ep.ipv4, ep.ipv6].filter((ip): ip is string => !!ip);
    const row = () => c.delete().key(keys.endpoint(net.id, ep.id));
    // The address claims go only while they are still ours: after this host's lease expired (a restart
    // slower than the TTL) another host may hold the same address by now.
    let txn = c.if(keys.endpoint(net.id, ep.id), 'Create', '>', 0);
    for (const ip of ips) txn = txn.and(keys.ip(net.id, ip), 'Value', '==', claimValue(this.me, ep.id));
    await txn
      .then(row(), ...ips.map((ip) => c.delete().key(keys.ip(net.id, ip))))
      .else(row())
      .commit()
      .catch((e: unknown) => this.store.markDown(e));
  }

  /**
   * A network this host has not mirrored yet (its watch event is still on the way, or the watch is moving to
   * another member): read from the store and mirrored now, so a connect right after a create on another
   * host does not fail with "network not found" (Docker's overlay has this race). False when the store has
   * no such network or cannot be asked.
   */
  async ensureNetwork(ref: string): Promise<boolean> {
    if (!ref || ref.length > 256) return false;
    const r = await this.store.call((c) => c.getAll().prefix(keys.networks).strings()).catch(() => undefined);
    if (!r) return false;
    const found = Object.values(r)
      .map((v) => parseRow(GlobalNetworkSchema, v))
      .find((g) => g && (g.name === ref || g.id === ref || (ref.length >= 12 && g.id.startsWith(ref))));
    if (!found) return false;
    await this.ctx.store.locks.lock([NETWORKS_LOCK], () => addMirror(this.ctx, found));
    return this.ctx.store.state.networks.some((n) => n.id === found.id);
  }

  remoteEndpoints(networkId: string) {
    return (
      this.sync.view
        .rowsOf(networkId)
        // A host's own ingress address (services/mesh.ts) is no sandbox: no name to resolve.
        .filter((r) => r.vtep !== this.me && r.sandboxId !== '')
        .map((r) => ({ sandbox: r.sandboxId, name: r.name, aliases: r.aliases, ipv4: r.ipv4, ipv6: r.ipv6 }))
    );
  }

  peers(net: NetworkRecord): Promise<OverlayPeer[]> {
    return overlayPeers(this.ctx, this.store, this.sync, this.driver, net);
  }

  /** The bridge bypass of `net` on this host, in words (`network inspect`'s `Bypass`). */
  bypass(net: NetworkRecord): Promise<string> {
    return this.driver.bypass?.status(net) ?? Promise.resolve('off: not built into this engine');
  }

  hostNames(): string[] {
    return [...this.sync.view.hosts.values()].map((h) => h.name).sort();
  }

  async nodes(): Promise<NodeLsResult> {
    const view = this.sync.view;
    const alive: NodeInfo[] = await Promise.all(
      [...view.hosts.values()].map(async (h) => ({
        host: h.name,
        address: h.address,
        engineVersion: h.engineVersion,
        state: 'alive' as const,
        leaseAgeS: Math.round((Date.now() - Date.parse(h.started)) / 100) / 10,
        leaseTtlS: this.store.up ? await this.store.leaseTtl(h.lease) : undefined,
        self: h.address === this.me,
        underlayMtu: h.underlayMtu,
      })),
    );
    const gone: NodeInfo[] = [...view.gone].map(([address, since]) => ({
      host: address,
      address,
      engineVersion: '',
      state: 'unreachable',
      unreachableSince: since.toISOString(),
      self: false,
    }));
    return {
      store: this.store.cfg.url,
      storeState: this.store.up ? 'connected' : 'unreachable',
      storeUnreachableSince: this.store.unreachableSince?.toISOString(),
      nodes: [...alive, ...gone].sort((a, b) => a.address.localeCompare(b.address)),
    };
  }
}
