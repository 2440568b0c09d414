import { readFileSync } from 'node:fs';
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry } from 'cockatiel';
import type { IOptions } from 'etcd3';
import { Etcd3, isRecoverableError } from 'etcd3';
import type { ClusterConfig } from './config';

type WatchBackoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;

/** Deadline of one unary call: an unreachable store must fail an overlay change fast, not in 30 s. */
export const CALL_DEADLINE_MS = 2_000;

/**
 * HTTP/2 pings on every connection with a call open: a member that hangs (a frozen process, a cut cable:
 * no reset ever arrives) fails its streams within about 7 s instead of never, so a watch on it moves on.
 * etcd refuses pings more often than every 5 s (`--grpc-keepalive-min-time`).
 */
export const GRPC_KEEPALIVE = { 'grpc.keepalive_time_ms': 5_000, 'grpc.keepalive_timeout_ms': 2_000 };

/**
 * The etcd client, tuned as the anchors measured: a dead member is skipped for 500 ms (the default
 * breaker parks it for 5 s, slowing recovery), one retry on another member, watches reconnect within 1 s.
 * `hosts` narrows it to some of the endpoints (the watch uses one member at a time: sync.ts).
 */
export function etcdClient(cfg: ClusterConfig, hosts: string[] = cfg.endpoints): Etcd3 {
  const read = (f: string, what: string): Buffer => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new Error(`cannot read ${what} ${f}: ${(e as Error).message}`, { cause: e });
    }
  };
  const tls = cfg.tls;
  return new Etcd3({
    hosts,
    grpcOptions: GRPC_KEEPALIVE,
    credentials: tls
      ? {
          rootCertificate: read(tls.caFile, 'kv.cacertfile'),
          privateKey: tls.keyFile ? read(tls.keyFile, 'kv.keyfile') : undefined,
          certChain: tls.certFile ? read(tls.certFile, 'kv.certfile') : undefined,
        }
      : undefined,
    dialTimeout: CALL_DEADLINE_MS,
    defaultCallOptions: (c) => (c.isStream ? {} : { deadline: Date.now() + CALL_DEADLINE_MS }),
    faultHandling: {
      host: () =>
        circuitBreaker(handleWhen(isRecoverableError), {
          halfOpenAfter: 500,
          breaker: new ConsecutiveBreaker(2),
        }),
      global: retry(handleWhen(isRecoverableError), { maxAttempts: 1 }),
      // The client calls `.next()` on it (a factory), as on its own default; its typings say IBackoff.
      watchBackoff: new ExponentialBackoff({
        initialDelay: 100,
        maxDelay: 1_000,
      }) as unknown as WatchBackoff,
    },
  });
}
