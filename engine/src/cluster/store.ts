import { EventEmitter } from 'node:events';
import { EngineErrorCode } from '@switchyard/protocol';
import type { Etcd3, Lease } from 'etcd3';
import { EngineError } from '../errors';
import type { Logger } from '../log/logger';
import { etcdClient } from './client';
import type { ClusterConfig } from './config';
import type { HostRecord } from './records';
import { keys } from './records';

/**
 * The connection to etcd and this host's registration: a lease with the configured TTL, kept alive by the
 * client (every TTL/3), and the host record under it. Tracks reachability: a failed call or keep-alive
 * marks the store unreachable, so overlay changes fail at once with a message naming the store, while a
 * background loop re-grants the lease (a lease that expired meanwhile is replaced, and `registered` fires
 * so the sync re-puts this host's rows under the new one). Emits `up` when the store comes back.
 */
export class ClusterStore extends EventEmitter {
  readonly client: Etcd3;
  private lease?: Lease;
  leaseId?: string;
  registeredAt?: number;
  private downSince?: Date = new Date();
  private lastError = 'not connected yet';
  private closed = false;
  private registering?: Promise<void>;

  constructor(
    readonly cfg: ClusterConfig,
    private readonly log: Logger,
    private readonly hostRecord: () => Omit<HostRecord, 'lease'>,
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
    this.lease?.release();
    const lease = this.client.lease(this.cfg.ttlS, { autoKeepAlive: true });
    lease.on('lost', (e) => {
      if (this.lease !== lease) return;
      this.markDown(e);
      this.log.warn('cluster lease lost; registering again', { error: String(e.message) });
      void this.register();
    });
    lease.on('keepaliveFailed', (e) => this.lease === lease && this.markDown(e));
    lease.on('keepaliveSucceeded', () => this.lease === lease && this.markUp());
    const id = await lease.grant();
    this.lease = lease;
    this.leaseId = id;
    this.registeredAt = Date.now();
    await lease
      .put(keys.host(this.cfg.advertiseAddr))
      .value(JSON.stringify({ ...this.hostRecord(), lease: id }));
    this.log.info('registered with the cluster store', {
      store: this.cfg.url,
      address: this.cfg.advertiseAddr,
      lease: id,
      ttl: this.cfg.ttlS,
    });
    this.markUp(true);
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
    this.client.close();
  }
}
