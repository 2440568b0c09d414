import { EventEmitter } from 'node:events';
import type { Etcd3 } from 'etcd3';
import { readIfExists, writeAtomic } from '../store/atomic-file';
import { CALL_DEADLINE_MS } from './client';

/** What is kept in the state dir so a restarted engine can resume its lease: `<stateDir>/cluster-lease.json`. */
export const LEASE_FILE = 'cluster-lease.json';

/**
 * A lease kept alive by this engine, by id: one granted now, or one a previous run of the engine on this
 * host left (after a kill -9 or a restart), resumed while etcd still holds it. The `etcd3` library's `Lease`
 * cannot take an existing id, so this speaks the lease RPCs itself, the way the library's keep-alive does:
 * one keep-alive stream, a request every TTL/3, a stream silent for a TTL made again, the lease declared lost
 * when etcd answers TTL 0 (expired) or when no keep-alive succeeded for twice the TTL.
 * Events: `renewed` (a keep-alive answered), `failed` (the stream failed; retried), `lost` (give it up).
 */
export class KeptLease extends EventEmitter {
  private stop: () => void = () => undefined;
  private closed = false;
  private lastOk = Date.now();
  private started = false;

  constructor(
    private readonly client: Etcd3,
    readonly id: string,
    readonly ttlS: number,
  ) {
    super();
  }

  /** Grants a new lease (not yet kept alive: `keepAlive()` starts that). */
  static async grant(client: Etcd3, ttlS: number): Promise<KeptLease> {
    const r = await client.leaseClient.leaseGrant({ TTL: ttlS });
    return new KeptLease(client, String(r.ID), ttlS);
  }

  /**
   * The lease `id` if etcd still holds it with this TTL and it carries this host's record (so it is this
   * host's, of this cluster), renewed by one keep-alive before it is returned: a lease that ran out between
   * the check and the renewal answers TTL 0 and is not resumed. Undefined when it cannot be resumed; a
   * failure to reach the store is thrown.
   */
  static async resume(
    client: Etcd3,
    id: string,
    ttlS: number,
    hostKey: string,
  ): Promise<KeptLease | undefined> {
    const info = await client.leaseClient.leaseTimeToLive({ ID: id, keys: true });
    const attached = (info.keys ?? []).map((k) => Buffer.from(k).toString());
    if (Number(info.TTL) <= 0 || Number(info.grantedTTL) !== ttlS || !attached.includes(hostKey))
      return undefined;
    const lease = new KeptLease(client, id, ttlS);
    return (await lease.renewOnce()) ? lease : undefined;
  }

  /** One keep-alive on a stream of its own: true when etcd renewed the lease. Fails after the call deadline. */
  async renewOnce(): Promise<boolean> {
    const stream = await this.client.leaseClient.leaseKeepAlive();
    let timer: NodeJS.Timeout | undefined;
    try {
      const res = await new Promise<{ TTL: string }>((resolve, reject) => {
        // A stream has no deadline of its own: a member that hangs would hold the registration for ever.
        timer = setTimeout(
          () => reject(new Error(`lease ${this.id}: no keep-alive answer within ${CALL_DEADLINE_MS} ms`)),
          CALL_DEADLINE_MS,
        );
        stream.on('data', resolve);
        stream.on('error', reject);
        stream.write({ ID: this.id });
      });
      if (Number(res.TTL) <= 0) return false;
      this.lastOk = Date.now();
      return true;
    } finally {
      clearTimeout(timer);
      stream.end();
    }
  }

  /** Starts the keep-alive loop (every TTL/3), until `release()` or loss. */
  keepAlive(): void {
    if (this.closed) return;
    this.started = true;
    if (Date.now() - this.lastOk > 2_000 * this.ttlS) {
      this.lose(new Error(`lease ${this.id}: no keep-alive answered for ${2 * this.ttlS} s; it has expired`));
      return;
    }
    this.client.leaseClient
      .leaseKeepAlive()
      .then((stream) => {
        if (this.closed) return void stream.end();
        let silent: NodeJS.Timeout | undefined;
        const quiet = () => {
          clearTimeout(silent);
          silent = setTimeout(
            () => fail(new Error(`lease ${this.id}: keep-alive stream silent for ${this.ttlS} s`)),
            1_000 * this.ttlS,
          );
          silent.unref();
        };
        const tick = setInterval(() => stream.write({ ID: this.id }), (1_000 * this.ttlS) / 3);
        tick.unref();
        let ended = false;
        this.stop = () => {
          if (ended) return;
          ended = true;
          clearTimeout(silent);
          clearInterval(tick);
          stream.end();
        };
        const fail = (e: Error) => {
          if (ended || this.closed) return;
          this.stop();
          this.emit('failed', e);
          setTimeout(() => this.keepAlive(), 100).unref();
        };
        stream.on('error', (e: Error) => fail(e));
        stream.on('data', (res: { TTL: string }) => {
          if (ended) return;
          if (Number(res.TTL) <= 0)
            return this.lose(new Error(`lease ${this.id} expired in the cluster store`));
          this.lastOk = Date.now();
          quiet();
          this.emit('renewed');
        });
        quiet();
        stream.write({ ID: this.id });
      })
      .catch((e: Error) => {
        if (this.closed) return;
        this.emit('failed', e);
        setTimeout(() => this.keepAlive(), 100).unref();
      });
  }

  /** Not released nor lost. */
  get alive(): boolean {
    return !this.closed;
  }
  /** The keep-alive loop runs. */
  get kept(): boolean {
    return this.started;
  }

  private lose(e: Error): void {
    this.release();
    this.emit('lost', e);
  }

  /** Stops keeping it alive; etcd lets it expire after its TTL (the rows under it go then). */
  release(): void {
    this.closed = true;
    this.stop();
  }
}

/** The lease id a previous run of the engine left for this advertise address, if any. */
export async function readLeaseFile(path: string, address: string): Promise<string | undefined> {
  const text = await readIfExists(path).catch(() => undefined);
  if (!text) return undefined;
  try {
    const o = JSON.parse(text) as { id?: unknown; address?: unknown };
    return typeof o.id === 'string' && o.address === address ? o.id : undefined;
  } catch {
    return undefined;
  }
}

export const writeLeaseFile = (path: string, address: string, id: string): Promise<void> =>
  writeAtomic(path, JSON.stringify({ id, address }) + '\n');
