import { readFile } from 'node:fs/promises';
import type { Runner } from '../exec/command';
import { listRoutes } from '../exec/ip';
import type { Cidr } from './addr';
import { parseCidr, parseIp } from './addr';

/**
 * Like libnetwork's InferReservedNetworks: on-link routes of the engine's namespace and the host's
 * nameservers, so an automatic subnet never hides the machine's own networks or its DNS.
 */
export async function reservedNetworks(runner: Runner, ownDevices: Set<string>): Promise<Cidr[]> {
  const out: Cidr[] = [];
  for (const r of await listRoutes(runner, '-4').catch(() => [])) {
    if (r.dst === 'default' || (r.dev && ownDevices.has(r.dev))) continue;
    const p = parseCidr(r.dst.includes('/') ? r.dst : `${r.dst}/32`);
    if (p && p.cidr.bits > 0) out.push(p.cidr);
  }
  const resolv = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
  for (const m of resolv.matchAll(/^\s*nameserver\s+(\S+)/gm)) {
    const ip = parseIp(m[1] ?? '');
    if (ip) out.push({ family: ip.family, base: ip.value, bits: ip.family === 4 ? 32 : 128 });
  }
  return out;
}
