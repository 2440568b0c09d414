import { tryFreeSubnet } from '@switchyard/core';
import type { Cidr, Ip } from './addr';
import { contains, formatCidr, formatIp, last, mustCidr, parseCidr, parseIp } from './addr';

/**
 * First subnet of Docker's default pools that overlaps nothing in use (other networks, host routes,
 * nameservers): core's `tryFreeSubnet`, the same walk the language server uses for its suggestions.
 */
export function pickSubnet(inUse: readonly Cidr[]): Cidr | undefined {
  const found = tryFreeSubnet(inUse.map(formatCidr));
  return found === undefined ? undefined : mustCidr(found);
}

export interface SubnetPlan {
  subnet: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

/** The gateway Docker picks: the first host address of the subnet. */
export function defaultGateway(subnet: string): string {
  const c = (parseCidr(subnet) as { cidr: Cidr }).cidr;
  return formatIp({ family: c.family, value: c.base + 1n });
}

/** Addresses never handed out: network and broadcast (IPv4), the gateway, the aux addresses. */
function reserved(plan: SubnetPlan, c: Cidr): Set<bigint> {
  const out = new Set<bigint>([c.base]);
  if (c.family === 4) out.add(last(c));
  for (const a of [plan.gateway, ...Object.values(plan.auxAddresses)]) {
    const ip = a ? parseIp(a) : undefined;
    if (ip) out.add(ip.value);
  }
  return out;
}

export type AllocResult = { ok: true; ip: string } | { ok: false; error: string };

/**
 * Picks an address in `plan` that is not in `used`; `requested` must be inside the subnet and free.
 * Linear first-free scan of the ip-range (or the subnet), as libnetwork's allocator does.
 */
export function allocateAddress(plan: SubnetPlan, used: Set<string>, requested?: string): AllocResult {
  const c = (parseCidr(plan.subnet) as { cidr: Cidr }).cidr;
  const taken = reserved(plan, c);
  const usedValues = new Set([...used].map((u) => parseIp(u)?.value));
  if (requested !== undefined) {
    const ip = parseIp(requested);
    if (!ip || !contains(c, ip))
      return {
        ok: false,
        error: `invalid address ${requested}: It does not belong to any of this network's subnets`,
      };
    if (taken.has(ip.value) || usedValues.has(ip.value))
      return { ok: false, error: 'Address already in use' };
    return { ok: true, ip: formatIp(ip) };
  }
  const range = plan.ipRange ? (parseCidr(plan.ipRange) as { cidr: Cidr }).cidr : c;
  const end = last(range);
  const cap = range.base + 1_000_000n; // IPv6 ranges are huge; stop scanning at a million.
  for (let v = range.base; v <= end && v < cap; v++) {
    if (taken.has(v) || usedValues.has(v)) continue;
    return { ok: true, ip: formatIp({ family: c.family, value: v } as Ip) };
  }
  return { ok: false, error: 'no available addresses on this pool' };
}
