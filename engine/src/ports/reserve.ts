import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { PortMapping } from '@switchyard/protocol';
import { EngineError } from '../errors';
import type { PublishRequest } from './parse';
import type { PortTarget } from './proxy';
import { relayUdp, tcpProxyServer } from './proxy';

/** A held host port: the engine keeps the socket open for as long as the mapping exists. */
export interface Reservation {
  mapping: PortMapping;
  release(): Promise<void>;
}

const key = (m: Pick<PortMapping, 'hostIp' | 'hostPort' | 'protocol'>) =>
  `${m.protocol}/${m.hostIp}:${m.hostPort}`;

function ephemeralRange(): [number, number] {
  const text = (() => {
    try {
      return readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    } catch {
      return '';
    }
  })();
  const [a, b] = text.trim().split(/\s+/).map(Number);
  return a && b ? [a, b] : [49153, 65535];
}

/**
 * Binds the port in the engine's namespace: a clash with any listener, ours or not, fails here. What
 * reaches the socket (only what DNAT did not take: see proxy.ts) is proxied to the sandbox.
 */
async function bindOnce(
  r: PublishRequest,
  hostPort: number,
  target: PortTarget,
): Promise<() => Promise<void>> {
  const { hostIp, protocol, containerPort } = r;
  if (protocol === 'sctp') return async () => undefined; // Node has no SCTP sockets; DNAT only.
  if (protocol === 'udp') {
    const sock = createSocket({ type: hostIp.includes(':') ? 'udp6' : 'udp4', reuseAddr: false });
    await new Promise<void>((ok, fail) => {
      sock.once('error', fail);
      sock.bind({ address: hostIp, port: hostPort, exclusive: true }, () => ok());
    });
    const stop = relayUdp(sock, target, containerPort, `${hostIp}:${hostPort}/udp`);
    return () =>
      new Promise((ok) => {
        stop();
        sock.close(() => ok());
      });
  }
  const { server, open } = tcpProxyServer(target, containerPort, `${hostIp}:${hostPort}/tcp`);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen({ host: hostIp, port: hostPort, exclusive: true, ipv6Only: hostIp.includes(':') }, () =>
      ok(),
    );
  });
  return () =>
    new Promise((ok) => {
      server.close(() => ok());
      for (const c of open) c.destroy();
    });
}

/** Reserves the host port of each request; on any failure releases what it took and throws Docker's text. */
export async function reservePorts(
  reqs: PublishRequest[],
  containerTaken: Set<string>,
  target: PortTarget,
): Promise<Reservation[]> {
  const done: Reservation[] = [];
  try {
    for (const r of reqs) done.push(...(await reserveOne(r, containerTaken, target)));
    return done;
  } catch (e) {
    await Promise.all(done.map((d) => d.release()));
    throw e;
  }
}

/** Errors of an IPv6 bind that mean "this host has no IPv6" rather than "the port is taken". */
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

/**
 * One request: the first free port of its range (or of the ephemeral range). Without a host IP the port is
 * taken on 0.0.0.0 and [::] alike (Docker's two mappings), so a port counts as free only when both binds
 * work; a host without IPv6 gets the IPv4 one alone.
 */
async function reserveOne(r: PublishRequest, taken: Set<string>, target: PortTarget): Promise<Reservation[]> {
  const [lo, hi] = r.hostPortStart === 0 ? ephemeralRange() : [r.hostPortStart, r.hostPortEnd];
  const ips = r.dualStack ? [r.hostIp, '::'] : [r.hostIp];
  let lastError: unknown;
  let failedIp = r.hostIp;
  for (let p = lo; p <= hi; p++) {
    const mappings = ips.map((hostIp) => ({
      hostIp,
      hostPort: p,
      containerPort: r.containerPort,
      protocol: r.protocol,
    }));
    if (mappings.some((m) => taken.has(key(m)))) continue;
    const held: Reservation[] = [];
    try {
      for (const mapping of mappings) {
        failedIp = mapping.hostIp;
        try {
          held.push({ mapping, release: await bindOnce({ ...r, hostIp: mapping.hostIp }, p, target) });
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code ?? '';
          if (mapping.hostIp === '::' && r.dualStack && NO_IPV6.has(code)) break;
          throw e;
        }
      }
      for (const h of held) taken.add(key(h.mapping));
      return held;
    } catch (e) {
      await Promise.all(held.map((h) => h.release()));
      lastError = e;
    }
  }
  const shown = lo === hi ? `${failedIp}:${lo}` : `${failedIp}:${lo}-${hi}`;
  const code = (lastError as NodeJS.ErrnoException | undefined)?.code;
  if (code && code !== 'EADDRINUSE')
    throw EngineError.kernel(`failed to bind host port ${shown}/${r.protocol}: ${code}`);
  throw EngineError.conflict(`Bind for ${shown} failed: port is already allocated`);
}

export const reservationKey = key;
