import type { Socket as UdpSocket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import { connect, isIPv6 } from 'node:net';

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
export function proxyTcp(client: Socket, target: PortTarget, containerPort: number): void {
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
  client.on('error', close);
  upstream.on('error', close);
  // A side that is closed for good (both directions, or destroyed when the port is released) takes the
  // other with it; a half-close is only passed on (`pipe` ends the other side's writing).
  client.on('close', close);
  upstream.on('close', close);
  client.pipe(upstream);
  upstream.pipe(client);
}

/** How long a UDP flow without traffic keeps its upstream socket (docker-proxy: 90 s). */
const UDP_FLOW_IDLE_MS = 90_000;
/** Flows at once per published port; the oldest goes when a new client comes beyond it. */
const UDP_MAX_FLOWS = 1024;

interface Flow {
  sock: UdpSocket;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * UDP relay on the reserving socket: one upstream socket per client (address and port), so replies find
 * their way back. Returns the function that closes every flow (the port's release).
 */
export function relayUdp(sock: UdpSocket, target: PortTarget, containerPort: number): () => void {
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
      if (flows.size >= UDP_MAX_FLOWS) drop(flows.keys().next().value as string);
      const up = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
      up.on('message', (reply) => sock.send(reply, from.port, from.address));
      up.on('error', () => drop(key));
      up.connect(containerPort, host);
      flow = { sock: up, timer: setTimeout(() => drop(key), UDP_FLOW_IDLE_MS) };
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
