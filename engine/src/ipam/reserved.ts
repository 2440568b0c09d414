import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { Cidr } from './addr';
import { parseIp } from './addr';

/** An IPv4 route of `/proc/net/route`: addresses are 32-bit hex words in host byte order. */
export interface ProcRoute {
  dev: string;
  dst: Cidr;
}

function word(hex: string | undefined, le: boolean): bigint | undefined {
  if (!hex || !/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  return BigInt((le ? bytes.reverse() : bytes).readUInt32BE(0));
}

/** `/proc/net/route` (the main table, as `ip -4 route show`): destination and mask of each route. */
export function parseProcRoutes(text: string, littleEndian = endianness() === 'LE'): ProcRoute[] {
  const out: ProcRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [dev, dst, , , , , , mask] = line.trim().split(/\s+/);
    const base = word(dst, littleEndian);
    const m = word(mask, littleEndian);
    if (!dev || base === undefined || m === undefined) continue;
    const bits = m.toString(2).replace(/0/g, '').length;
    out.push({ dev, dst: { family: 4, base, bits } });
  }
  return out;
}

/**
 * Like libnetwork's InferReservedNetworks: on-link routes of the engine's namespace and the host's
 * nameservers, so an automatic subnet never hides the machine's own networks or its DNS. Read from /proc
 * (the namespace of the reading process, i.e. the engine's) rather than `ip -json route`: no process per
 * network create, and always current, so nothing to cache or invalidate.
 */
export async function reservedNetworks(ownDevices: Set<string>): Promise<Cidr[]> {
  const [routes, resolv] = await Promise.all([
    readFile('/proc/net/route', 'utf8').catch(() => ''),
    readFile('/etc/resolv.conf', 'utf8').catch(() => ''),
  ]);
  const out = parseProcRoutes(routes)
    .filter((r) => r.dst.bits > 0 && !ownDevices.has(r.dev))
    .map((r) => r.dst);
  for (const m of resolv.matchAll(/^\s*nameserver\s+(\S+)/gm)) {
    const ip = parseIp(m[1] ?? '');
    if (ip) out.push({ family: ip.family, base: ip.value, bits: ip.family === 4 ? 32 : 128 });
  }
  return out;
}
