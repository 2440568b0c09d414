// The embedded DNS server: one UDP socket and one TCP listener per address (the gateway of each network
// with service discovery), all sharing one resolver, one forwarder and one set of counters. The engine
// adds a listener when a network is created and removes it when the network goes.
import type { Socket } from 'node:dgram';
import { canonicalIP, parseIPv4 } from './addr';
import { Forwarder } from './forwarder';
import { QueryHandler } from './handler';
import { defaultLimits, silentLogger, type DnsLimits, type DnsLogger, type ListenAddress } from './options';
import type { DnsResolver } from './resolver';
import { newStats, type DnsStats } from './stats';
import type { Server } from 'node:net';
import { listenTcp, serveTcp, type TcpListener } from './tcp';
import { adoptUdp, bindUdp } from './udp';
import { parseUpstreams } from './upstreams';

export interface DnsServerOptions {
  listen?: readonly ListenAddress[];
  resolver: DnsResolver;
  /** Upstream resolvers for names that are not ours ("IP", "IP:PORT", "[IPv6]:PORT"); at most 3 are used. */
  upstreams?: readonly string[];
  log?: DnsLogger;
  /**
   * Log every query at debug level (`dns query`, component `dns`: client, name, type, outcome, rcode, ms).
   * Pass `true` only when the log level is debug: it is decided here once, never per query.
   */
  logQueries?: boolean;
  limits?: Partial<DnsLimits>;
}

export interface DnsServer {
  /** Starts answering on `at` (UDP and TCP, same port); resolves with the bound address and port. */
  addListener(at: ListenAddress): Promise<ListenAddress>;
  /** Stops answering on that address; a no-op when it is not a listener. */
  removeListener(at: ListenAddress): Promise<void>;
  listeners(): ListenAddress[];
  /**
   * Answers on sockets bound elsewhere (inside a sandbox's namespace, handed over by a helper process), every
   * query counted as coming from `client` (an address of that sandbox). `key` names them for `dropSockets`.
   */
  adoptSockets(key: string, udp: Socket, tcp: Server, client: string): void;
  /** Closes the sockets adopted under `key`; a no-op when there are none. */
  dropSockets(key: string): Promise<void>;
  adoptedKeys(): string[];
  setResolver(resolver: DnsResolver): void;
  /** Replaces the upstream list; returns one line per entry that was skipped and why. */
  setUpstreams(upstreams: readonly string[]): string[];
  stats(): Readonly<DnsStats>;
  close(): Promise<void>;
}

interface Listener {
  at: ListenAddress;
  udp: Socket;
  tcp: TcpListener;
}

const BIND_TRIES = 5;

export async function startDnsServer(options: DnsServerOptions): Promise<DnsServer> {
  const log = options.log ?? silentLogger;
  const limits: DnsLimits = { ...defaultLimits, ...options.limits };
  const stats = newStats();
  const listeners: Listener[] = [];
  const adopted = new Map<string, Listener>();
  const forwarder = new Forwarder({
    upstreams: [],
    timeoutMs: limits.forwardTimeoutMs,
    maxConcurrent: limits.maxConcurrentForwards,
    log,
  });
  const handler = new QueryHandler(
    options.resolver,
    forwarder,
    stats,
    log,
    limits.maxForwardsPerClient,
    options.logQueries === true,
  );
  let upstreamSpecs: readonly string[] = options.upstreams ?? [];

  let reported = new Set<string>();
  const applyUpstreams = (): string[] => {
    const { upstreams, problems } = parseUpstreams(
      upstreamSpecs,
      listeners.map((l) => l.at),
    );
    forwarder.setUpstreams(upstreams);
    for (const p of problems) if (!reported.has(p)) log.warn(p); // once, not on every listener change
    reported = new Set(problems);
    return problems;
  };

  const server: DnsServer = {
    async addListener(at) {
      const address = canonicalIP(at.address);
      if (address === undefined) throw new Error(`DNS listener address "${at.address}" is not an IP address`);
      const existing = listeners.find(
        (l) => l.at.address === address && (at.port === 0 || l.at.port === at.port),
      );
      if (existing) return existing.at;
      const l = await bindBoth({ address, port: at.port }, handler, limits, stats, log);
      listeners.push(l);
      applyUpstreams();
      log.info('dns listening', { address: l.at.address, port: l.at.port });
      return l.at;
    },
    async removeListener(at) {
      const address = canonicalIP(at.address) ?? at.address;
      const i = listeners.findIndex(
        (l) => l.at.address === address && (at.port === 0 || l.at.port === at.port),
      );
      const l = listeners[i];
      if (l === undefined) return;
      listeners.splice(i, 1);
      await closeListener(l);
      applyUpstreams();
    },
    listeners: () => listeners.map((l) => ({ ...l.at })),
    adoptSockets(key, udp, tcp, client) {
      adoptUdp(udp, handler, limits, log, client);
      adopted.set(key, {
        at: { address: client, port: 53 },
        udp,
        tcp: serveTcp(tcp, handler, limits, stats, log, client),
      });
    },
    async dropSockets(key) {
      const l = adopted.get(key);
      adopted.delete(key);
      if (l) await closeListener(l);
    },
    adoptedKeys: () => [...adopted.keys()],
    setResolver(resolver) {
      handler.resolver = resolver;
    },
    setUpstreams(upstreams) {
      upstreamSpecs = [...upstreams];
      return applyUpstreams();
    },
    stats: () => ({ ...stats }),
    async close() {
      forwarder.close();
      const all = [...listeners.splice(0), ...adopted.values()];
      adopted.clear();
      await Promise.all(all.map(closeListener));
    },
  };
  applyUpstreams();
  try {
    for (const at of options.listen ?? []) await server.addListener(at);
  } catch (err) {
    await server.close();
    throw err;
  }
  return server;
}

/** Binds UDP first (port 0 picks one), then TCP on the same port; retries when TCP finds it taken. */
async function bindBoth(
  at: ListenAddress,
  handler: QueryHandler,
  limits: DnsLimits,
  stats: DnsStats,
  log: DnsLogger,
): Promise<Listener> {
  const family = parseIPv4(at.address) ? 4 : 6;
  for (let attempt = 1; ; attempt++) {
    const udp = await bindUdp(at, family, handler, limits, log).catch((err: Error) => {
      throw new Error(
        `DNS listener ${at.address}:${at.port}/udp: ${err.message}; is the address configured and the port free?`,
        { cause: err },
      );
    });
    const port = udp.address().port;
    try {
      const tcp = await listenTcp({ address: at.address, port }, handler, limits, stats, log);
      return { at: { address: at.address, port }, udp, tcp };
    } catch (err) {
      udp.close();
      if (at.port !== 0 || attempt >= BIND_TRIES) {
        throw new Error(
          `DNS listener ${at.address}:${port}/tcp: ${(err as Error).message}; is the port free?`,
          { cause: err },
        );
      }
    }
  }
}

function closeListener(l: Listener): Promise<void> {
  l.udp.close();
  return l.tcp.close();
}
