import type { Etcd3, IKeyValue, Watcher } from 'etcd3';
import type { OverlayDriver, Peer } from '../drivers/overlay';
import type { LocalPort } from '../drivers/overlay-bypass';
import { OpTimer } from '../log/op-timer';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../engine-context';
import { NETWORKS_LOCK } from '../ops/network-ops';
import { etcdClient } from './client';
import { addMirror, removeMirror } from './mirror';
import type { EndpointRow } from './records';
import { ROOT, keys } from './records';
import type { ClusterStore } from './store';
import type { Dirty } from './view';
import { ClusterView, emptyDirty } from './view';

/** Pause before a lost watch is made again (through the next member). */
const WATCH_RETRY_MS = 200;
/**
 * A watch not attached after this long goes through the next member: a hung member accepts the TCP
 * connection but never answers, and gRPC gives up on such a connection only after 20 s.
 */
const WATCH_ATTACH_MS = 3_000;
/** The longest pause between attempts while no member answers (doubling from WATCH_RETRY_MS). */
const WATCH_RETRY_MAX_MS = 2_000;
/** A resync that failed with the store up, or a VXLAN device that could not be programmed: resync again after this. */
const RESYNC_RETRY_MS = 1_000;

/**
 * Keeps this host equal to the store. A resync (at start, after a new lease, when the store comes back,
 * after compaction) lists the whole prefix, mirrors networks, re-puts this host's rows under its current
 * lease (same addresses: claimed keys, not recomputed), removes its rows no local endpoint explains,
 * reconciles every VXLAN device against the kernel, and watches from the listing's revision. Between
 * resyncs, watch events are coalesced: one batch per touched network per turn of the event loop.
 */
export class ClusterSync {
  readonly view = new ClusterView();
  revision = 0;
  lastResync?: Date;
  private watcher?: Watcher;
  private watchClient?: Etcd3;
  /** The member the watch goes through (index into the endpoints): the next one after a failure. */
  private watchMember = 0;
  /** Bumped by every new watch and every drop: a timer or event of an older one does nothing. */
  private watchGen = 0;
  /** Watch attempts lost in a row since one last attached (paces the retries and the log). */
  private watchLosses = 0;
  private queue: Promise<void> = Promise.resolve();
  private pending: Dirty = emptyDirty();
  private scheduled = false;
  /** Told after every resync and every batch of watch events that touched services, hosts or endpoints. */
  onChange?: (d: Dirty) => void;
  /** Rows this host owns that are no sandbox's endpoint (the routing mesh's own address, services/mesh.ts). */
  hostRows?: () => EndpointRow[];

  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ClusterStore,
    private readonly driver: OverlayDriver,
    private readonly me: string,
  ) {}

  private serial(what: string, f: () => Promise<void>): Promise<void> {
    const run = this.queue.then(f);
    this.queue = run.catch((e) =>
      this.ctx.log.error(`cluster ${what} failed`, { error: String((e as Error)?.message ?? e) }),
    );
    return this.queue;
  }

  /** Queues a resync; one already queued and not started yet covers this request too. */
  resync(): Promise<void> {
    if (this.resyncQueued) return this.resyncQueued;
    this.resyncQueued = this.serial('resync', () => {
      this.resyncQueued = undefined;
      // A store that went away is resynced when it is back (`up`); any other failure is retried here, so
      // no failed listing or programming leaves this host without a watch or with a wrong FDB for good.
      return this.resyncNow().catch((e: unknown) => {
        if (this.store.up) this.resyncLater();
        throw e;
      });
    });
    return this.resyncQueued;
  }
  private resyncQueued?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;

  private resyncLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.resync();
    }, RESYNC_RETRY_MS);
    this.retryTimer.unref();
  }
  private closed = false;

  private async resyncNow(): Promise<void> {
    const r = await this.store.call((c) => c.getAll().prefix(ROOT).exec());
    this.view.reset();
    const ignore = emptyDirty();
    const ipKeys: IKeyValue[] = [];
    const stored = new Map<string, IKeyValue>();
    for (const kv of r.kvs) {
      const key = kv.key.toString();
      if (key.startsWith(keys.allIps)) ipKeys.push(kv);
      else this.view.apply(key, kv.value.toString(), ignore);
      if (key.startsWith(keys.allIps) || key.startsWith(keys.allEndpoints)) stored.set(key, kv);
    }
    this.revision = Number(r.header.revision);
    await this.mirrorNetworks();
    await this.reannounce(ipKeys, stored);
    for (const net of this.globalNetworks()) await this.program(net, true);
    await this.ctx.dns?.changed();
    this.lastResync = new Date();
    this.onChange?.({ ...emptyDirty(), networks: true, hosts: true, services: true });
    this.watch();
    this.ctx.log.info('cluster resynced', {
      revision: this.revision,
      networks: this.view.networks.size,
      hosts: this.view.hosts.size,
    });
  }

  /**
   * Watches the prefix from the revision after the last one whose events all arrived, through one member
   * at a time (a client of its own). A watch whose stream fails (the member died, or hung past the ping
   * timeout) is dropped and made again from that revision through the next member: the library's own
   * reconnect resumes after the revision in the last response's header, which can be ahead of events not
   * delivered yet (a catch-up sent in several messages), so it could skip them. The old watch is never
   * waited for: cancelling a watch on a hung member never returns, and the sync queue must not wait on
   * it (it did: a resync then held every later update, and the host never reconverged). Events of a
   * superseded watch are ignored.
   */
  private watch(): void {
    this.dropWatch();
    const gen = this.watchGen;
    const eps = this.store.cfg.endpoints;
    const member = eps[this.watchMember % eps.length] as string;
    const client = etcdClient(this.store.cfg, [member]);
    const w = client
      .watch()
      .prefix(ROOT)
      .startRevision(String(this.revision + 1))
      .watcher();
    this.watchClient = client;
    this.watcher = w;
    const mine = () => this.watchGen === gen && this.watcher === w;
    w.on('put', (kv) => mine() && this.event(kv.key.toString(), kv.value.toString(), kv.mod_revision));
    w.on('delete', (kv) => mine() && this.event(kv.key.toString(), undefined, kv.mod_revision));
    w.on('data', (res) => {
      if (!mine()) return;
      // An empty response is a progress notification: everything up to its header has arrived.
      const rev = res.events.length
        ? res.events.reduce((m, e) => Math.max(m, Number(e.kv.mod_revision)), 0)
        : Number(res.header?.revision ?? 0);
      if (rev > this.revision) this.revision = rev;
    });
    const attach = setTimeout(() => {
      if (!mine()) return;
      this.ctx.log.warn('cluster watch not attached; watching again through the next member', {
        member,
        waitedMs: WATCH_ATTACH_MS,
      });
      this.watchMember++;
      this.watch();
    }, WATCH_ATTACH_MS).unref();
    w.on('connected', () => {
      clearTimeout(attach);
      if (mine()) this.watchLosses = 0;
    });
    w.on('disconnected', (e) => {
      clearTimeout(attach);
      if (!mine()) return;
      this.store.markDown(e);
      this.watchMember++;
      // Once per outage in the log: while no member answers, this repeats every 2 s at most.
      if (this.watchLosses++ === 0)
        this.ctx.log.warn('cluster watch lost; watching again through the next member', {
          member,
          fromRevision: this.revision + 1,
          error: String(e.message).split('\n')[0],
        });
      const pause = Math.min(WATCH_RETRY_MAX_MS, WATCH_RETRY_MS * 2 ** Math.min(this.watchLosses - 1, 4));
      // Dropped at once: the library would re-attach it by itself, from a revision that may skip events.
      this.dropWatch();
      const dropped = this.watchGen;
      setTimeout(() => this.watchGen === dropped && this.watch(), pause).unref();
    });
    // Compaction past our revision cancels the watch: list again rather than miss what was compacted.
    w.on('error', (e) => {
      if (!mine()) return;
      this.ctx.log.warn('cluster watch failed; listing again', { error: String(e.message) });
      this.dropWatch();
      void this.resync();
    });
  }

  private dropWatch(): void {
    this.watchGen++;
    const [w, client] = [this.watcher, this.watchClient];
    this.watcher = undefined;
    this.watchClient = undefined;
    // Not awaited (see watch()); the cancel ends the stream where the member answers, close() the rest.
    void w?.cancel().catch(() => undefined);
    client?.close();
  }

  /**
   * One watch event. An event at or below the revision this host already reflects is ignored: a watch
   * through a member still catching up (all members restarted) can deliver, after a resync listed a newer
   * state from the leader, a put that a later delete already undid; applied, it put a gone endpoint back
   * in the mirror and the FDB, and nothing after would remove it. The watch handlers run before this
   * response's revision is recorded (`data`), so events of the response itself always pass.
   */
  event(key: string, value: string | undefined, modRevision: string | number): void {
    if (Number(modRevision) <= this.revision) return;
    if (key.startsWith(keys.allIps)) return;
    this.view.apply(key, value, this.pending);
    if (this.scheduled) return;
    this.scheduled = true;
    // Timed from the first event of the batch: `waitMs` is the batching and the sync queue before it.
    const t = new OpTimer(this.ctx.log, 'cluster.update');
    // Events that arrive until the batch starts join it (the view holds them already, and a batch programs
    // from the view): while one batch programs the kernel, a burst of events waits as one batch, not one
    // each (1,000 connects over three hosts made ~1,000 batches per host, each an ip, a bridge and an nft
    // transaction).
    setImmediate(() => {
      void this.serial('update', async () => {
        this.scheduled = false;
        const dirty = this.pending;
        this.pending = emptyDirty();
        const waitMs = t.elapsed();
        await this.flush(dirty, t);
        t.done({ networks: dirty.endpointsOf.size, waitMs });
      });
    });
  }

  private async flush(d: Dirty, t?: OpTimer): Promise<void> {
    const phase = (name: string, w: () => Promise<unknown>) => (t ? t.phase(name, w) : w());
    if (d.networks) await phase('mirror', () => this.mirrorNetworks());
    const nets = this.globalNetworks().filter((n) => d.endpointsOf.has(n.id));
    await phase('program', () => Promise.all(nets.map((n) => this.program(n, false))));
    // The services agent is told before the DNS update, not after it: its load balancers need the peers'
    // FDB and neighbour entries just written (a flow sent before them would wait for an ARP answer that
    // never comes), not the DNS's view, whose update (10-30 ms on a busy host) runs beside its pass.
    if (d.services || d.hosts || d.networks || d.endpointsOf.size > 0) this.onChange?.(d);
    // "Beside" needs one turn of the event loop first: the DNS update starts with its view rebuilt in this
    // thread (3-8 ms of JavaScript on a busy host), which, called at once, ran before the agent's pass (it
    // is scheduled for the next turn) and so held back its `nft` transactions. After the turn, the pass
    // has handed its transactions to the sandboxes' `nft` sessions, which work while the view is rebuilt.
    if (d.networks || nets.length > 0 || d.services)
      await phase('dns', async () => {
        await new Promise((r) => setImmediate(r));
        return this.ctx.dns?.changed();
      });
  }

  globalNetworks(): NetworkRecord[] {
    return this.ctx.store.state.networks.filter((n) => n.scope === 'global' && n.driver === this.driver.type);
  }

  /** Remote endpoints of a network as the data plane needs them (rows of other hosts with an address: IPv4, IPv6 or both). */
  peersOf(networkId: string): Map<string, Peer> {
    const want = new Map<string, Peer>();
    for (const row of this.view.rowsOf(networkId))
      if (row.vtep !== this.me && (row.ipv4 || row.ipv6))
        want.set(row.id, {
          ip: row.ipv4 ?? '',
          ...(row.ipv6 ? { ip6: row.ipv6 } : {}),
          mac: row.mac,
          vtep: row.vtep,
        });
    return want;
  }

  /**
   * This host's announced endpoints of a network (its rows in the view, so their interface is up) with their
   * host veth ends: the bridge bypass's local ports.
   */
  localsOf(networkId: string): Map<string, LocalPort> {
    const mine = new Set(
      this.view
        .rowsOf(networkId)
        .filter((r) => r.vtep === this.me)
        .map((r) => r.id),
    );
    const out = new Map<string, LocalPort>();
    for (const e of this.ctx.store.state.endpoints)
      if (e.networkId === networkId && mine.has(e.id)) out.set(e.id, { mac: e.mac, ifname: e.hostIfname });
    return out;
  }

  private async program(net: NetworkRecord, fromKernel: boolean): Promise<void> {
    try {
      await this.driver.programPeers(net, this.peersOf(net.id), fromKernel, this.localsOf(net.id));
    } catch (e) {
      this.ctx.log.error('could not program overlay peers; resyncing from the kernel', {
        network: net.name,
        error: String(e),
        retryMs: RESYNC_RETRY_MS,
      });
      this.resyncLater();
    }
  }

  /**
   * Mirrors again (queued behind any update): a global network removed from the store while a local join
   * held it was kept ("has local endpoints"); once that join has failed, it goes here.
   */
  remirror(): Promise<void> {
    return this.serial('remirror', () => this.mirrorNetworks());
  }

  private async mirrorNetworks(): Promise<void> {
    await this.ctx.store.locks.lock([NETWORKS_LOCK], async () => {
      for (const g of this.view.networks.values())
        await addMirror(this.ctx, g).catch((e) =>
          this.ctx.log.error('could not mirror global network', { network: g.name, error: String(e) }),
        );
      for (const net of this.globalNetworks())
        if (!this.view.networks.has(net.id)) await removeMirror(this.ctx, net);
    });
  }

  /**
   * This host's rows under its current lease; rows and claims of endpoints that are gone are deleted. A row
   * or claim already stored with the same value under the same lease (a resumed lease, a store that came
   * back) is not written again: peers see no event for it.
   */
  private async reannounce(ipKeys: IKeyValue[], stored: Map<string, IKeyValue>): Promise<void> {
    const s = this.ctx.store.state;
    const local = new Set([...s.endpoints.map((e) => e.id), ...(this.hostRows?.() ?? []).map((r) => r.id)]);
    const stale: string[] = [];
    for (const net of this.globalNetworks())
      for (const row of this.view.rowsOf(net.id))
        if (row.vtep === this.me && !local.has(row.id)) stale.push(keys.endpoint(net.id, row.id));
    for (const kv of ipKeys) {
      const v = parseClaim(kv.value.toString());
      if (v?.host === this.me && !local.has(v.endpoint)) stale.push(kv.key.toString());
    }
    const own = this.ownRows();
    const claims = new Map(ipKeys.map((kv) => [kv.key.toString(), kv.value.toString()]));
    const lease = this.store.leaseId as string;
    const unchanged = (key: string, value: string) => {
      const kv = stored.get(key);
      return kv !== undefined && kv.lease === lease && kv.value.toString() === value;
    };
    await this.store.call(async (c) => {
      // A claim is taken again only if it is still free or still ours: after a restart slower than the
      // lease TTL, another host may have claimed the address meanwhile (then the conflict is logged).
      const reclaim = (net: string, ip: string, endpoint: string) => {
        const key = keys.ip(net, ip);
        const mine = claimValue(this.me, endpoint);
        const held = claims.get(key);
        if (held !== undefined && held !== mine) {
          this.ctx.log.error('address claimed by another host while this one was away', {
            address: ip,
            held,
          });
          return Promise.resolve();
        }
        if (unchanged(key, mine)) return Promise.resolve();
        const guard = held === undefined ? c.if(key, 'Create', '==', 0) : c.if(key, 'Value', '==', mine);
        return guard.then(c.put(key).value(mine).lease(lease)).commit();
      };
      await Promise.all([
        ...stale.map((k) => c.delete().key(k).exec()),
        ...own.flatMap((row) => [
          unchanged(keys.endpoint(row.networkId, row.id), JSON.stringify(row))
            ? Promise.resolve()
            : c.put(keys.endpoint(row.networkId, row.id)).value(JSON.stringify(row)).lease(lease).exec(),
          ...[row.ipv4, row.ipv6].flatMap((ip) => (ip ? [reclaim(row.networkId, ip, row.id)] : [])),
        ]),
      ]);
    });
    for (const k of stale) this.view.apply(k, undefined, emptyDirty());
    for (const row of own)
      this.view.apply(keys.endpoint(row.networkId, row.id), JSON.stringify(row), emptyDirty());
  }

  /** Rows for this host's endpoints on global networks, from the local store. */
  ownRows(): EndpointRow[] {
    const s = this.ctx.store.state;
    const globals = new Set(this.globalNetworks().map((n) => n.id));
    const extra = (this.hostRows?.() ?? []).filter((r) => globals.has(r.networkId));
    const rows: EndpointRow[] = s.endpoints
      .filter((e) => globals.has(e.networkId))
      .map((e) => {
        const sb = s.sandboxes.find((x) => x.id === e.sandboxId);
        return {
          id: e.id,
          networkId: e.networkId,
          vtep: this.me,
          host: this.store.cfg.nodeName,
          sandboxId: e.sandboxId,
          name: sb?.name ?? '',
          aliases: e.aliases,
          mac: e.mac,
          ipv4: e.ipv4,
          ipv6: e.ipv6,
          ...(sb?.service ? { service: sb.service } : {}),
        };
      });
    return [...rows, ...extra];
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.dropWatch();
  }
}

export const claimValue = (host: string, endpoint: string) => JSON.stringify({ host, endpoint });
export function parseClaim(v: string): { host: string; endpoint: string } | undefined {
  try {
    const o = JSON.parse(v) as { host?: unknown; endpoint?: unknown };
    return typeof o.host === 'string' && typeof o.endpoint === 'string'
      ? { host: o.host, endpoint: o.endpoint }
      : undefined;
  } catch {
    return undefined;
  }
}
