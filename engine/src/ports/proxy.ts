import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import type { Server, Socket } from 'node:net';
import { connect, createServer, isIPv6 } from 'node:net';

/** What one published port's proxy may hold (bounded work on what anyone can open from outside). */
export interface ProxyLimits {
  /** TCP connections at once; beyond it new ones are closed at once (and a warning logged). */
  maxConnections: number;
  /** A TCP connection without traffic either way for this long is closed. */
  idleMs: number;
  /** UDP flows (one upstream socket per client address and port) at once; the oldest goes beyond it. */
  maxUdpFlows: number;
  /** How long a UDP flow without traffic keeps its upstream socket (docker-proxy: 90 s). */
  udpIdleMs: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
  maxConnections: 512,
  idleMs: 60 * 60_000,
  maxUdpFlows: 256,
  udpIdleMs: 90_000,
};

type Warn = (msg: string, fields: Record<string, unknown>) => void;
let warnSink: Warn = () => undefined;
/** Where a reached limit is reported (the daemon's log); once a minute per port and kind at most. */
export function onProxyLimit(warn: Warn): void {
  warnSink = warn;
}
const lastWarned = new Map<string, number>();
function warnLimit(key: string, msg: string, fields: Record<string, unknown>): void {
  const now = Date.now();
  if ((lastWarned.get(key) ?? 0) > now - 60_000) return;
  lastWarned.set(key, now);
  if (lastWarned.size > 10_000) lastWarned.clear();
  warnSink(msg, fields);
}

/**
 * Where a published port's traffic goes: the sandbox's address on its publishing network, asked at the
 * moment a connection or datagram arrives (the sandbox may not have its address yet when the port is
 * reserved, and a reconnect changes it). Undefined: nowhere (the connection is closed).
 */
export type PortTarget = () => { ipv4?: string; ipv6?: string } | undefined;

/** The address a proxied connection goes to: IPv6 when the sandbox has one (the client came over IPv6). */
const pick = (t: ReturnType<PortTarget>): string | undefined => t?.ipv6 ?? t?.ipv4;

/**
 * The userland half of a published port, for what kernel DNAT cannot carry: a connection to `[::1]` (IPv6
 * has no `route_localnet`: a packet from ::1 may not leave the host, so the firewall leaves ::1 alone and
 * it reaches the reserving socket), and IPv6 clients of a sandbox without IPv6 (no DNAT rule: proxied to
 * its IPv4 address, as docker-proxy does). Everything else never reaches this socket: DNAT took it first.
 */
export function proxyTcp(
  client: Socket,
  target: PortTarget,
  containerPort: number,
  idleMs = DEFAULT_PROXY_LIMITS.idleMs,
): void {
  const host = pick(target());
  if (!host) {
    client.destroy();
    return;
  }
  const upstream = connect({ host, port: containerPort, allowHalfOpen: true });
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  // Idle both ways: the client socket reads what one side sends and writes what the other answers.
  client.setTimeout(idleMs, close);
  client.on('error', close);
  upstream.on('error', close);
  // A side that is closed for good (both directions, or destroyed when the port is released) takes the
  // other with it; a half-close is only passed on (`pipe` ends the other side's writing).
  client.on('close', close);
  upstream.on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
}

/**
 * The TCP half of a published port: a server that proxies each connection, at most `maxConnections` at
 * once (beyond it a new connection is closed at once and the limit is logged), each closed after `idleMs`
 * without traffic. `open` holds the live connections (closed when the port is released).
 */
export function tcpProxyServer(
  target: PortTarget,
  containerPort: number,
  label: string,
  limits: ProxyLimits = DEFAULT_PROXY_LIMITS,
): { server: Server; open: Set<Socket> } {
  const open = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (c) => {
    open.add(c);
    c.once('close', () => open.delete(c));
    proxyTcp(c, target, containerPort, limits.idleMs);
  });
  server.maxConnections = limits.maxConnections;
  server.on('drop', () =>
    warnLimit(`tcp ${label}`, 'published port proxy: connection limit reached; new connections are closed', {
      port: label,
      limit: limits.maxConnections,
      hint: 'most clients reach a published port through kernel DNAT; only [::1] and IPv6-to-IPv4 go through the proxy',
    }),
  );
  return { server, open };
}

interface Flow {
  sock: UdpSocket;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * UDP relay on the reserving socket: one upstream socket per client (address and port), so replies find
 * their way back. Returns the function that closes every flow (the port's release).
 */
export function relayUdp(
  sock: UdpSocket,
  target: PortTarget,
  containerPort: number,
  label = `udp/${containerPort}`,
  limits: ProxyLimits = DEFAULT_PROXY_LIMITS,
): () => void {
  const flows = new Map<string, Flow>();
  const drop = (key: string) => {
    const f = flows.get(key);
    if (!f) return;
    flows.delete(key);
    clearTimeout(f.timer);
    f.sock.close();
  };
  sock.on('message', (msg, from) => {
    const host = pick(target());
    if (!host) return;
    const key = `${from.address}|${from.port}`;
    let flow = flows.get(key);
    if (!flow) {
      if (flows.size >= limits.maxUdpFlows) {
        drop(flows.keys().next().value as string);
        warnLimit(
          `udp ${label}`,
          'published port proxy: UDP flow limit reached; the oldest flows are dropped',
          {
            port: label,
            limit: limits.maxUdpFlows,
          },
        );
      }
      const up = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      up.on('message', (reply) => sock.send(reply, from.port, from.address));
      up.on('error', () => drop(key));
      up.connect(containerPort, host);
      flow = { sock: up, timer: setTimeout(() => drop(key), limits.udpIdleMs) };
      flows.set(key, flow);
    }
    flow.timer.refresh();
    const f = flow;
    // A datagram sent before the connect finished waits for it.
    const send = () => f.sock.send(msg, (e) => e && drop(key));
    try {
      send();
    } catch {
      f.sock.once('connect', send);
    }
  });
  return () => {
    for (const key of [...flows.keys()]) drop(key);
  };
}
