import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { EngineErrorCode } from '@switchyard/protocol';
import type { Etcd3 } from 'etcd3';
import { EngineError } from '../errors';
import type { Logger } from '../log/logger';
import { etcdClient } from './client';
import type { ClusterConfig } from './config';
import { KeptLease, readLeaseFile, writeLeaseFile } from './lease';
import type { HostRecord } from './records';
import { HostRecordSchema, keys, parseRow } from './records';

/**
 * The connection to etcd and this host's registration: a lease with the configured TTL, kept alive every
 * TTL/3, and the host record under it. The lease id is kept in the state dir: an engine started again
 * (kill -9, crash, upgrade) while its previous lease is still alive resumes it, so its rows never leave
 * the store and no peer drops and re-adds its endpoints; otherwise it is granted a new one. Tracks reachability: a failed call or keep-alive
 * marks the store unreachable, so overlay changes fail at once with a message naming the store, while a
 * background loop re-grants the lease (a lease that expired meanwhile is replaced, and `registered` fires
 * so the sync re-puts this host's rows under the new one). Emits `up` when the store comes back.
 */
export class ClusterStore extends EventEmitter {
  readonly client: Etcd3;
  private lease?: KeptLease;
  /** The previous run's lease, resumed (kept alive) before the local state is reconciled. */
  private early?: Promise<KeptLease | undefined>;
  leaseId?: string;
  /** Whether the current lease was resumed from a previous run (rather than granted). */
  resumed = false;
  registeredAt?: number;
  private downSince?: Date = new Date();
  private lastError = 'not connected yet';
  private closed = false;
  private registering?: Promise<void>;

  constructor(
    readonly cfg: ClusterConfig,
    private readonly log: Logger,
    private readonly hostRecord: () => Omit<HostRecord, 'lease'>,
    /** Where the lease id is kept between runs (`<stateDir>/cluster-lease.json`); none: never resumed. */
    private readonly leaseFile?: string,
  ) {
    super();
    this.client = etcdClient(cfg);
  }

  get up(): boolean {
    return this.downSince === undefined;
  }
  get unreachableSince(): Date | undefined {
    return this.downSince;
  }

  /**
   * Resumes the lease a previous run left, if etcd still holds it: one keep-alive at once, then kept alive,
   * before the daemon spends its start-up reconciling (a restart within the TTL then loses nothing). Writes
   * nothing; `start()` registers on it. A store that cannot be asked leaves it to `start()`.
   */
  resumeEarly(): void {
    this.early = this.resumePrevious().catch(() => undefined);
  }

  private async resumePrevious(): Promise<KeptLease | undefined> {
    const id =
      this.leaseId ?? (this.leaseFile && (await readLeaseFile(this.leaseFile, this.cfg.advertiseAddr)));
    if (!id) return undefined;
    const lease = await KeptLease.resume(this.client, id, this.cfg.ttlS, keys.host(this.cfg.advertiseAddr));
    lease?.keepAlive();
    return lease;
  }

  /** Starts registering; resolves after the first attempt (the daemon serves local networks either way). */
  async start(): Promise<void> {
    await this.register();
  }

  /** Grants a lease and writes the host record; retried every 500 ms until it works. */
  private register(): Promise<void> {
    this.registering ??= (async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        try {
          await this.registerOnce();
          return;
        } catch (e) {
          this.markDown(e);
          if (attempt === 0) this.log.warn('cluster store unreachable, retrying', this.where(e));
          await new Promise((r) => setTimeout(r, 500).unref());
        }
      }
    })().finally(() => (this.registering = undefined));
    return this.registering;
  }

  private async registerOnce(): Promise<void> {
    const early = await this.early;
    this.early = undefined;
    let lease = early?.alive ? early : await this.resumePrevious();
    const resumed = lease !== undefined;
    lease ??= await KeptLease.grant(this.client, this.cfg.ttlS);
    if (this.lease !== lease) this.lease?.release();
    lease.on('lost', (e: Error) => {
      if (this.lease !== lease) return;
      this.markDown(e);
      this.log.warn('cluster lease lost; registering again', { error: String(e.message) });
      void this.register();
    });
    lease.on('failed', (e: Error) => this.lease === lease && this.markDown(e));
    lease.on('renewed', () => this.lease === lease && this.markUp());
    if (!lease.kept) lease.keepAlive();
    this.lease = lease;
    this.leaseId = lease.id;
    this.resumed = resumed;
    this.registeredAt = Date.now();
    await this.putHostRecord(lease.id, resumed);
    if (!resumed && this.leaseFile) await writeLeaseFile(this.leaseFile, this.cfg.advertiseAddr, lease.id);
    this.log.info('registered with the cluster store', {
      store: this.cfg.url,
      address: this.cfg.advertiseAddr,
      lease: lease.id,
      resumed,
      ttl: this.cfg.ttlS,
    });
    this.markUp(true);
  }

  /**
   * The host record under the lease. On a resumed lease the record is still there: it keeps its `started`
   * (the lease's age) and is written again only if something else in it changed (engine version, MTU).
   */
  private async putHostRecord(lease: string, resumed: boolean): Promise<void> {
    const key = keys.host(this.cfg.advertiseAddr);
    let record: HostRecord = { ...this.hostRecord(), lease };
    if (resumed) {
      const old = parseRow(HostRecordSchema, (await this.client.get(key).string()) ?? '');
      if (old) record = { ...record, started: old.started };
      if (old && isDeepStrictEqual(old, record)) return;
    }
    await this.client.put(key).value(JSON.stringify(record)).lease(lease).exec();
  }

  private markUp(registered = false): void {
    const was = this.downSince;
    this.downSince = undefined;
    if (registered) this.emit('registered');
    else if (was) {
      this.log.info('cluster store reachable again', {
        store: this.cfg.url,
        downMs: Date.now() - was.getTime(),
      });
      this.emit('up');
    }
  }

  markDown(e: unknown): void {
    this.lastError = String((e as Error)?.message ?? e).split('\n')[0] ?? '';
    if (this.downSince) return;
    this.downSince = new Date();
    this.log.warn('cluster store unreachable', this.where(e));
  }

  private where(e: unknown) {
    return { store: this.cfg.url, error: String((e as Error)?.message ?? e).split('\n')[0] };
  }

  /** The error every overlay change gets while the store is away. */
  unavailable(): EngineError {
    const since = this.downSince ? ` since ${this.downSince.toISOString()}` : '';
    return new EngineError(
      EngineErrorCode.Unavailable,
      `cluster store ${this.cfg.url} is unreachable${since} (${this.lastError}): overlay changes need it and ` +
        'were not made; local networks and existing overlay traffic keep working. Check that etcd runs and ' +
        'is reachable from this host, then retry',
      'unavailable',
    );
  }

  /**
   * Runs a store call. Never registered: fails at once. Otherwise the call is tried even while the store
   * is marked down (a keep-alive that timed out on a starved event loop must not refuse work etcd would
   * take); a dead store fails it fast anyway (refused connection, open breaker, 2 s deadline at most).
   * A failure marks the store down, a success marks it up (and so starts a resync).
   */
  async call<T>(f: (c: Etcd3) => Promise<T>): Promise<T> {
    if (this.leaseId === undefined) throw this.unavailable();
    try {
      const r = await f(this.client);
      this.markUp();
      return r;
    } catch (e) {
      if (e instanceof EngineError) throw e;
      this.markDown(e);
      throw this.unavailable();
    }
  }

  /** Seconds left on a lease, as etcd says (undefined when it cannot be asked). */
  async leaseTtl(id: string): Promise<number | undefined> {
    try {
      const r = await this.client.leaseClient.leaseTimeToLive({ ID: id });
      return Number(r.TTL);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.lease?.release();
    void this.early?.then((l) => l?.release());
    this.client.close();
  }
}
