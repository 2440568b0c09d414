import { formatAddr, isLoopbackHost, plainAddrOf } from '@switchyard/core';
import { EngineError } from '../errors';

/** How the engine reaches its cluster store (`--cluster-store`, `--cluster-store-opt`, `--advertise-addr`). */
export interface ClusterConfig {
  /** As given, for messages: `etcd://10.0.0.1:2379,10.0.0.2:2379`. */
  url: string;
  /** `http(s)://host:port` per endpoint, for the etcd client. */
  endpoints: string[];
  advertiseAddr: string;
  tls?: { caFile: string; certFile?: string; keyFile?: string };
  /** Seconds a host's lease lives without keep-alive: its endpoints leave every peer after that. */
  ttlS: number;
  /** This host's name in `node ls` (default: the advertise address). */
  nodeName: string;
}

const KNOWN_OPTS = [
  'kv.cacertfile',
  'kv.certfile',
  'kv.keyfile',
  'kv.insecure',
  'discovery.ttl',
  'node.name',
];

/**
 * Checks the flags before anything starts: every endpoint `host:port`, TLS files all-or-nothing, and a
 * plain-text store only where nobody can listen in (loopback) or when `kv.insecure=true` says so.
 */
export function parseClusterConfig(
  store: string,
  opts: string[],
  advertiseAddr: string | undefined,
): ClusterConfig {
  const m = /^etcd:\/\/(.+)$/.exec(store);
  if (!m)
    throw EngineError.invalid(
      `--cluster-store ${store}: use etcd://HOST:PORT[,HOST:PORT…] (etcd is the only store)`,
    );
  const hosts = (m[1] as string).split(',').filter(Boolean);
  if (hosts.length === 0 || hosts.length > 16)
    throw EngineError.invalid(`--cluster-store ${store}: name 1 to 16 etcd endpoints`);
  for (const h of hosts)
    if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(h))
      throw EngineError.invalid(`--cluster-store: endpoint "${h}" is not HOST:PORT`);
  const kv: Record<string, string> = {};
  for (const o of opts) {
    const eq = o.indexOf('=');
    const key = eq > 0 ? o.slice(0, eq) : o;
    if (!KNOWN_OPTS.includes(key))
      throw EngineError.invalid(`--cluster-store-opt ${o}: unknown option; known: ${KNOWN_OPTS.join(', ')}`);
    kv[key] = eq > 0 ? o.slice(eq + 1) : 'true';
  }
  const advertiseIp = advertiseAddr === undefined ? undefined : plainAddrOf(advertiseAddr);
  if (!advertiseIp)
    throw EngineError.invalid(
      '--cluster-store needs --advertise-addr IP: the address peers send VXLAN traffic to (this host on the underlay)',
    );
  const ca = kv['kv.cacertfile'];
  const cert = kv['kv.certfile'];
  const key = kv['kv.keyfile'];
  if ((cert === undefined) !== (key === undefined))
    throw EngineError.invalid('--cluster-store-opt kv.certfile and kv.keyfile go together');
  if (cert && !ca) throw EngineError.invalid('--cluster-store-opt kv.certfile needs kv.cacertfile too');
  const insecure = kv['kv.insecure'] === 'true';
  const hostPart = (h: string) => h.slice(0, h.lastIndexOf(':'));
  if (!ca && !insecure && !hosts.every((h) => isLoopbackHost(hostPart(h))))
    throw EngineError.invalid(
      `refusing a plain-text cluster store ${store}: give kv.cacertfile (and kv.certfile, kv.keyfile) for TLS, ` +
        'or --cluster-store-opt kv.insecure=true if the network between the hosts is trusted',
    );
  const ttlS = Number(kv['discovery.ttl'] ?? 2);
  if (!Number.isInteger(ttlS) || ttlS < 2 || ttlS > 300)
    throw EngineError.invalid(
      `--cluster-store-opt discovery.ttl=${kv['discovery.ttl']}: use 2 to 300 seconds`,
    );
  const scheme = ca ? 'https' : 'http';
  // One spelling of an address (RFC 5952, as `ip -json addr` prints it, and as peers' FDB entries and keys use).
  const advertise = formatAddr(advertiseIp);
  return {
    url: store,
    endpoints: hosts.map((h) => `${scheme}://${h}`),
    advertiseAddr: advertise,
    tls: ca ? { caFile: ca, certFile: cert, keyFile: key } : undefined,
    ttlS,
    nodeName: kv['node.name'] ?? advertise,
  };
}
