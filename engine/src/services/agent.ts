import { keys } from '../cluster/records';
import type { ClusterStore } from '../cluster/store';
import type { ClusterSync } from '../cluster/sync';
import { check } from '../exec/command';
import { nftChange } from '../exec/nft';
import { sandboxEndpoints } from '../model/lookup';
import type { SandboxRecord, ServiceTag } from '../model/types';
import type { EngineContext } from '../engine-context';
import { createSandbox, removeSandbox } from '../ops/sandbox-ops';
import { vipTable } from './lb';
import { IngressMesh } from './mesh';
import type { Health } from './health';
import { HealthChecks } from './health';
import { ReplicaProcesses } from './process';
import type { ServiceRecord, TaskRow } from '../cluster/service-records';
import { replicaName, svcKeys } from '../cluster/service-records';
import { emptyDirty } from '../cluster/view';
import { backendRows } from './view';

/** A failed sandbox create is tried again after this long (or at the next change, whichever is first). */
const RETRY_MS = 2_000;
/** A replica leaving whose service record is gone too (rm): Docker's default stop grace period. */
const DEFAULT_GRACE_MS = 10_000;
/** A load balancer that could not be programmed is tried again after this long, doubling up to the max. */
const RETRY_PROGRAM_MS = 200;
const RETRY_PROGRAM_MAX_MS = 10_000;
/**
 * After a replica's task goes, every host drops it from its balancers when the watch brings that (tens of
 * ms): the replica waits this long (at most its grace period) before it counts its connections, so a flow
 * a host sent it in that moment is not cut.
 */
const SETTLE_MS = 500;
/** How often a draining replica's established connections are counted. */
const DRAIN_POLL_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Want = { rec: ServiceRecord; tag: ServiceTag };
const tagKey = (t: ServiceTag) => `${t.id}/${t.role}/${t.slot}`;

/**
 * Each host's share of the services, kept equal to the store: after every resync and every batch of watch
 * events (coalesced: one pass per turn of the event loop, passes never overlap) it
 *  1. re-places replicas whose host is gone (only the host with the lowest address among the living does,
 *     so two hosts never move the same replica),
 *  2. creates the replica sandboxes placed here (all at once), keeps their commands and health checks
 *     running, and removes those no longer wanted: a replica drains first (out of every balancer as soon as
 *     its task goes, its established connections served for up to the service's stop grace period), an
 *     ingress sandbox of an earlier version goes at once,
 *  3. programs every local sandbox's load-balancing table (lb.ts), one transaction per sandbox whose table
 *     changed, through that namespace's long-lived `nft -i`, from the replicas' endpoint rows (view.ts
 *     `backendRows`: placed, and healthy when checked): a row leaves with its sandbox or its host's lease,
 *  4. brings the host's routing mesh up to date (mesh.ts): its ingress address, ports and DNAT map.
 */
/** What the agent asks of the manager (manager.ts): where the replicas of a lost host go now. */
export interface SlotPlacer {
  placeSlots(rec: ServiceRecord, slots: number[], placed: TaskRow[]): TaskRow[];
}

export class ServiceAgent {
  manager?: SlotPlacer;
  /** `serviceId/slot` → why this host could not start that replica (shown by `service ps`). */
  readonly errors = new Map<string, string>();
  private readonly procs: ReplicaProcesses;
  private readonly health: HealthChecks;
  /** The routing mesh's share of this host: its ingress address, ports and map (mesh.ts). */
  private readonly mesh: IngressMesh;
  /** Replica sandboxes leaving (by id), and the promise of each drain. */
  private readonly draining = new Map<string, Promise<void>>();
  /** The table each sandbox namespace holds now (by netns), so only changes are applied. */
  private readonly applied = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private programming: Promise<void> = Promise.resolve();
  private scheduled = false;
  private retry?: NodeJS.Timeout;
  private reprogram?: NodeJS.Timeout;
  /** Failed programming passes in a row (the retry's backoff). */
  private programFailures = 0;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ClusterStore,
    private readonly sync: ClusterSync,
  ) {
    this.procs = new ReplicaProcesses(ctx.log);
    this.mesh = new IngressMesh(ctx, store, sync);
    this.health = new HealthChecks(ctx.runner, ctx.log, (id, h) => void this.setHealth(id, h));
    // A local sandbox that becomes ready (or joins a network) needs its load balancer: the watch's echo of
    // its row may come while it is still being created, when a pass skips it.
    this.unsubscribe = ctx.events.subscribe((e) => {
      if (
        (e.type === 'sandbox' && e.action === 'create') ||
        (e.type === 'endpoint' && e.action === 'connect')
      )
        this.changed();
    });
  }

  private get me(): string {
    return this.store.cfg.advertiseAddr;
  }

  /** Something changed: one pass soon (several calls in one turn of the event loop make one pass). */
  changed(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.queue = this.queue
        .then(() => this.pass())
        .catch((e) =>
          this.ctx.log.error('services pass failed', { error: String((e as Error)?.message ?? e) }),
        );
    });
  }

  private async pass(): Promise<void> {
    if (this.closed) return;
    await this.replace();
    await this.runLocal();
    await this.program();
    // The routing mesh: a port held elsewhere, no address yet, or a failed firewall change: soon again.
    const meshDone = await this.mesh.update().then(
      (incomplete) => !incomplete,
      (e: unknown) => {
        this.ctx.log.error('could not program the routing mesh', {
          error: String((e as Error)?.message ?? e),
        });
        return false;
      },
    );
    if (!meshDone) this.retrySoon();
  }

  /** Replicas placed on hosts that are gone, or on no host yet: placed again by the lowest living host. */
  private async replace(): Promise<void> {
    const view = this.sync.view;
    const living = [...view.hosts.keys()].sort();
    if (living[0] !== this.me || !this.manager || !this.store.up) return;
    for (const rec of view.services.values()) {
      const tasks = [...(view.tasks.get(rec.id)?.values() ?? [])];
      const lost = tasks.filter((t) => !t.host || !view.hosts.has(t.host));
      if (lost.length === 0) continue;
      const placed = this.manager.placeSlots(
        rec,
        lost.map((t) => t.slot),
        tasks.filter((t) => !lost.includes(t)),
      );
      const moved = placed.filter((t, i) => t.host !== lost[i]?.host || t.why !== lost[i]?.why);
      if (moved.length === 0) continue;
      await this.store
        .call((c) =>
          c
            .if(svcKeys.service(rec.id), 'Create', '>', 0)
            .then(...moved.map((t) => c.put(svcKeys.task(rec.id, t.slot)).value(JSON.stringify(t))))
            .commit(),
        )
        .catch((e) =>
          this.ctx.log.warn('could not re-place replicas', { service: rec.name, error: String(e) }),
        );
      this.ctx.log.info('replicas re-placed', {
        service: rec.name,
        slots: moved.map((t: TaskRow) => `${t.slot}→${t.host || 'none'}`).join(' '),
      });
    }
  }

  /**
   * What this host should run: its placed replicas. (The routing mesh needs no sandbox: mesh.ts. An ingress
   * sandbox of an earlier version is not wanted, so it goes.)
   */
  private wanted(): Map<string, Want> {
    const view = this.sync.view;
    const want = new Map<string, Want>();
    if (!view.hosts.has(this.me)) return want;
    for (const rec of view.services.values()) {
      for (const t of view.tasks.get(rec.id)?.values() ?? [])
        if (t.host === this.me) {
          const tag: ServiceTag = {
            id: rec.id,
            name: rec.name,
            slot: t.slot,
            role: 'replica',
            ...(rec.spec.healthcheck ? { health: 'starting' as const } : {}),
          };
          want.set(tagKey(tag), { rec, tag });
        }
    }
    return want;
  }

  private async runLocal(): Promise<void> {
    const want = this.wanted();
    const have = this.ctx.store.state.sandboxes.filter((s) => s.service);
    for (const sb of have)
      if (!want.has(tagKey(sb.service as ServiceTag)) && !this.draining.has(sb.id)) {
        if (sb.service?.role === 'replica' && sb.status === 'ready') this.drain(sb);
        else await this.retire(sb);
      }
    for (const key of this.errors.keys())
      if (![...want.values()].some((w) => `${w.tag.id}/${w.tag.slot}` === key)) this.errors.delete(key);
    let failed = false;
    const made = new Set(have.map((s) => tagKey(s.service as ServiceTag)));
    // Every missing sandbox at once (a scale by several replicas does not queue them), and each one's
    // command and every local load balancer as soon as it is up, not after the others.
    await Promise.all(
      [...want].map(async ([key, w]) => {
        if (made.has(key)) return;
        // The command starts as soon as its networks are in place (interfaces, addresses, DNS: what a
        // container has when its entrypoint starts), while the replica is being announced; every local
        // balancer once it is announced, and its health check once it is ready (its record's last write:
        // the join waits for it, the balancers do not).
        let started: SandboxRecord | undefined;
        try {
          const sb = await this.create(
            w,
            (x) => {
              started = x;
              this.keepRunning(x);
              // A failure is reported by the pass below, which programs again.
              this.program().catch(() => undefined);
            },
            (x) => {
              started = x;
              this.startCommand(x);
            },
            // Announced: this host's balancers take it now, while its record's last write (an fsync, 30-190
            // ms on a busy host) goes on; the other hosts take it from the watch at the same moment.
            () => this.program().catch(() => undefined),
          );
          this.errors.delete(`${w.tag.id}/${w.tag.slot}`);
          if (sb) this.keepRunning(sb);
          await this.program();
        } catch (e) {
          if (started) {
            this.health.stop(started.id);
            await this.procs.stop(started.id);
          }
          failed = true;
          const error = String((e as Error)?.message ?? e);
          this.errors.set(`${w.tag.id}/${w.tag.slot}`, error);
          this.ctx.log.error('could not start a service sandbox', {
            service: w.rec.name,
            slot: w.tag.slot,
            error,
          });
        }
      }),
    );
    for (const sb of this.ctx.store.state.sandboxes) this.keepRunning(sb);
    clearTimeout(this.retry);
    if (failed && !this.closed) this.retry = setTimeout(() => this.changed(), RETRY_MS);
  }

  private async create(
    w: Want,
    onReady: (sb: SandboxRecord) => void,
    onLinked: (sb: SandboxRecord) => void,
    onAnnounced: () => void,
  ): Promise<SandboxRecord | undefined> {
    const { rec, tag } = w;
    const name = replicaName(rec.name, tag.slot);
    const dnsNames =
      rec.spec.endpointMode === 'dnsrr'
        ? [rec.name, ...rec.spec.aliases, `tasks.${rec.name}`]
        : [`tasks.${rec.name}`];
    return createSandbox(
      this.ctx,
      {
        name,
        hostname: name,
        networks: rec.networks.map((n) => n.id),
        publish: rec.spec.ports
          .filter((p) => p.mode === 'host')
          .map((p) => `${p.published}:${p.target}/${p.protocol}`),
        aliases: dnsNames,
      },
      tag,
      onReady,
      onLinked,
      onAnnounced,
    );
  }

  /** Stops a service sandbox's command and checks, then removes it. */
  private async retire(sb: SandboxRecord): Promise<void> {
    this.health.stop(sb.id);
    await this.procs.stop(sb.id);
    this.applied.delete(sb.netns);
    await removeSandbox(this.ctx, sb.id).catch((e) =>
      this.ctx.log.error('could not remove a service sandbox', { sandbox: sb.name, error: String(e) }),
    );
  }

  /**
   * A replica no longer placed here leaves gracefully: it is out of every load balancer already (its task
   * is gone, view.ts `backendRows`, on every host as the watch brings it); after SETTLE_MS its established
   * connections are counted every DRAIN_POLL_MS until none is left or the stop grace period is over, then
   * its command is stopped and its sandbox removed. Placed here again meanwhile: it stays.
   */
  private drain(sb: SandboxRecord): void {
    const tag = sb.service as ServiceTag;
    const key = tagKey(tag);
    const grace = this.sync.view.services.get(tag.id)?.spec.stopGracePeriodMs ?? DEFAULT_GRACE_MS;
    const t0 = Date.now();
    this.health.stop(sb.id);
    const run = async () => {
      await sleep(Math.min(grace, SETTLE_MS));
      let open = 0;
      while (!this.closed && !this.wanted().has(key)) {
        open = await this.openConnections(sb);
        if (open === 0 || Date.now() - t0 >= grace) break;
        await sleep(DRAIN_POLL_MS);
      }
      if (this.closed) return;
      if (this.wanted().has(key)) {
        this.ctx.log.info('replica placed here again while draining; kept', { sandbox: sb.name });
        return;
      }
      this.ctx.log.info('replica drained', {
        sandbox: sb.name,
        ms: Date.now() - t0,
        ...(open > 0 ? { cut: open, graceMs: grace } : {}),
      });
      await this.retire(sb);
    };
    this.draining.set(
      sb.id,
      run()
        .catch((e) => this.ctx.log.error('drain failed', { sandbox: sb.name, error: String(e) }))
        .finally(() => {
          this.draining.delete(sb.id);
          this.changed();
        }),
    );
  }

  /** Established TCP connections in a replica's namespace, other than its own loopback ones. */
  private async openConnections(sb: SandboxRecord): Promise<number> {
    const r = await this.ctx.runner.run({ argv: ['ss', '-Htn', 'state', 'established'], netns: sb.netns });
    if (r.exitCode !== 0) return 0;
    return r.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2] ?? '')
      .filter((local) => local !== '' && !/^(127\.|\[::1\]|\[::ffff:127\.)/.test(local)).length;
  }

  /** A replica's check changed: its rows say so (here at once, on every host through the store). */
  private async setHealth(sandboxId: string, health: Health): Promise<void> {
    const sb = this.ctx.store.state.sandboxes.find((x) => x.id === sandboxId);
    if (!sb?.service || this.closed) return;
    sb.service = { ...sb.service, health };
    await this.ctx.store.save();
    const rows = this.sync.ownRows().filter((r) => r.sandboxId === sb.id);
    for (const row of rows)
      this.sync.view.apply(keys.endpoint(row.networkId, row.id), JSON.stringify(row), emptyDirty());
    this.changed();
    await this.store
      .call((c) =>
        Promise.all(
          rows.map((row) =>
            c
              .put(keys.endpoint(row.networkId, row.id))
              .value(JSON.stringify(row))
              .lease(this.store.leaseId as string)
              .exec(),
          ),
        ),
      )
      .catch((e) =>
        this.ctx.log.warn('could not publish a replica health', { sandbox: sb.name, error: String(e) }),
      );
  }

  /** Starts the service's command and health check in a replica that has none running (after a restart too). */
  private keepRunning(sb: SandboxRecord): void {
    const tag = sb.service;
    if (!tag || tag.role !== 'replica' || sb.status !== 'ready' || this.draining.has(sb.id)) return;
    const rec = this.sync.view.services.get(tag.id);
    if (rec?.spec.healthcheck && !this.health.has(sb.id))
      this.health.ensure(sb, rec.spec.healthcheck, tag.health ?? 'starting');
    this.startCommand(sb);
  }

  /** Starts a replica's command unless it runs (also while its sandbox is still being made: see runLocal). */
  private startCommand(sb: SandboxRecord): void {
    const tag = sb.service;
    if (!tag || tag.role !== 'replica' || this.draining.has(sb.id)) return;
    const rec = this.sync.view.services.get(tag.id);
    if (!rec?.spec.command || this.procs.has(sb.id)) return;
    this.procs.ensure(sb, rec.spec.command, {
      SWITCHYARD_SERVICE: rec.name,
      SWITCHYARD_REPLICA: replicaName(rec.name, tag.slot),
      SWITCHYARD_SLOT: String(tag.slot),
      SWITCHYARD_HOST: this.store.cfg.nodeName,
    });
  }

  /** The table every local sandbox should hold now. */
  private tables(): Map<string, string> {
    const view = this.sync.view;
    const s = this.ctx.store.state;
    const out = new Map<string, string>();
    const services = [...view.services.values()];
    for (const sb of s.sandboxes) {
      if (sb.mode !== 'netns' || sb.status !== 'ready') continue;
      if (sb.service?.role === 'ingress') continue;
      const nets = new Set(sandboxEndpoints(s, sb.id).map((e) => e.networkId));
      const entries = services.flatMap((rec) =>
        rec.networks
          .filter((n) => n.vip && nets.has(n.id))
          .map((n) => ({
            vip: n.vip as string,
            backends: backendRows(view, rec, n.id).map((r) => r.ipv4 as string),
          })),
      );
      if (entries.length > 0 || this.applied.has(sb.netns)) out.set(sb.netns, vipTable(entries));
    }
    return out;
  }

  /**
   * Brings every local load balancer up to date. Calls never overlap (each waits for the one before, then
   * renders from what the view holds then), so two scripts for one namespace are never applied out of order.
   */
  private program(): Promise<void> {
    const next = this.programming.then(() => this.programNow());
    this.programming = next.catch(() => undefined);
    return next;
  }

  private async programNow(): Promise<void> {
    const want = this.tables();
    for (const netns of this.applied.keys()) if (!want.has(netns)) this.applied.delete(netns);
    const changed = [...want].filter(([netns, script]) => this.applied.get(netns) !== script);
    if (changed.length === 0) return;
    const t0 = performance.now();
    let failed = false;
    await Promise.all(
      changed.map(async ([netns, script]) => {
        try {
          // The namespace's long-lived `nft -i` takes the transaction: no process per change.
          await check(this.ctx.runner, nftChange(script, netns));
          this.applied.set(netns, script);
        } catch (e) {
          // Its session may have died (exec/spawn-worker.ts opens a new one for the next job): tried again
          // soon, not only at the next change, so the namespace never keeps a stale set.
          this.applied.delete(netns);
          this.ctx.log.error('could not program a service load balancer', { netns, error: String(e) });
          failed = true;
        }
      }),
    );
    if (failed) this.retrySoon();
    else this.programFailures = 0;
    this.ctx.log.debug('service load balancers programmed', {
      sandboxes: changed.length,
      ms: Math.round(performance.now() - t0),
    });
  }

  /** A pass again after RETRY_PROGRAM_MS, doubling while it keeps failing (one pending at a time). */
  private retrySoon(): void {
    if (this.closed || this.reprogram) return;
    const ms = Math.min(RETRY_PROGRAM_MS * 2 ** this.programFailures++, RETRY_PROGRAM_MAX_MS);
    this.reprogram = setTimeout(() => {
      this.reprogram = undefined;
      this.changed();
    }, ms);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    clearTimeout(this.retry);
    clearTimeout(this.reprogram);
    await this.queue;
    await this.mesh.close();
    this.health.stopAll();
    await Promise.all(this.draining.values());
    await this.procs.stopAll();
  }
}
