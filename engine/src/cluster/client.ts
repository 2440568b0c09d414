import { readFileSync } from 'node:fs';
import { ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry } from 'cockatiel';
import type { IOptions } from 'etcd3';
import { Etcd3, isRecoverableError } from 'etcd3';
import type { ClusterConfig } from './config';

type WatchBackoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;

/** Deadline of one unary call: an unreachable store must fail an overlay change fast, not in 30 s. */
export const CALL_DEADLINE_MS = 2_000;

/**
 * The etcd client, tuned as the anchors measured: a dead member is skipped for 500 ms (the default
 * breaker parks it for 5 s, slowing recovery), one retry on another member, watches reconnect within 1 s.
 */
export function etcdClient(cfg: ClusterConfig): Etcd3 {
  const read = (f: string, what: string): Buffer => {
    try {
      return readFileSync(f);
    } catch (e) {
      throw new Error(`cannot read ${what} ${f}: ${(e as Error).message}`, { cause: e });
    }
  };
  const tls = cfg.tls;
  return new Etcd3({
    hosts: cfg.endpoints,
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
