import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { hostPrefix, networkOf, plainAddrOf, procRouteTable4 } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';

/** An IPv4 route of `/proc/net/route`. */
export interface ProcRoute {
  dev: string;
  dst: Prefix;
}

/** `/proc/net/route` (the main table, as `ip -4 route show`), in this machine's byte order; parsed by core. */
export function parseProcRoutes(text: string, littleEndian = endianness() === 'LE'): ProcRoute[] {
  return procRouteTable4(text, littleEndian).map((r) => ({ dev: r.dev, dst: networkOf(r.prefix) }));
}

/**
 * Like libnetwork's InferReservedNetworks: on-link routes of the engine's namespace and the host's
 * nameservers, so an automatic subnet never hides the machine's own networks or its DNS. Read from /proc
 * (the namespace of the reading process, i.e. the engine's) rather than `ip -json route`: no process per
 * network create, and always current, so nothing to cache or invalidate.
 */
export async function reservedNetworks(ownDevices: Set<string>): Promise<Prefix[]> {
  const [routes, resolv] = await Promise.all([
    readFile('/proc/net/route', 'utf8').catch(() => ''),
    readFile('/etc/resolv.conf', 'utf8').catch(() => ''),
  ]);
  const out = parseProcRoutes(routes)
    .filter((r) => r.dst.bits > 0 && !ownDevices.has(r.dev))
    .map((r) => r.dst);
  for (const m of resolv.matchAll(/^\s*nameserver\s+(\S+)/gm)) {
    const ip = plainAddrOf(m[1] ?? '');
    if (ip) out.push(hostPrefix(ip));
  }
  return out;
}
