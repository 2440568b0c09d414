import {
  contains,
  formatAddr,
  lastAddress,
  masked,
  networkOf,
  plainAddrOf,
  tryFreePrefix,
} from '@switchyard/core';
import type { Prefix } from '@switchyard/core';

// Addresses and subnets are core's (`IpAddr`, `Prefix`: Go's netip rules, the same the language server uses),
// parsed once where text comes in; the engine keeps no address type of its own.

/**
 * First subnet of Docker's default pools that overlaps nothing in use (other networks, host routes,
 * nameservers): core's free-subnet walk, the same the language server uses for its suggestions.
 */
export function pickSubnet(inUse: readonly Prefix[]): Prefix | undefined {
  return tryFreePrefix(inUse);
}

export interface SubnetPlan {
  subnet: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

/** The gateway Docker picks: the first host address of the subnet. */
export function defaultGateway(subnet: Prefix): string {
  const net = masked(subnet);
  return formatAddr({ family: net.addr.family, value: net.addr.value + 1n });
}

/** Addresses never handed out: network and broadcast (IPv4), the gateway, the aux addresses. */
function reserved(plan: SubnetPlan, net: Prefix): Set<bigint> {
  const out = new Set<bigint>([net.addr.value]);
  if (net.addr.family === 4) out.add(lastAddress(net).value);
  for (const a of [plan.gateway, ...Object.values(plan.auxAddresses)]) {
    const ip = a ? plainAddrOf(a) : undefined;
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
  const net = networkOf(plan.subnet);
  const taken = reserved(plan, net);
  const usedValues = new Set([...used].map((u) => plainAddrOf(u)?.value));
  if (requested !== undefined) {
    const ip = plainAddrOf(requested);
    if (!ip || !contains(net, ip))
      return {
        ok: false,
        error: `invalid address ${requested}: It does not belong to any of this network's subnets`,
      };
    if (taken.has(ip.value) || usedValues.has(ip.value))
      return { ok: false, error: 'Address already in use' };
    return { ok: true, ip: formatAddr(ip) };
  }
  const range = plan.ipRange ? networkOf(plan.ipRange) : net;
  const end = lastAddress(range).value;
  const cap = range.addr.value + 1_000_000n; // IPv6 ranges are huge; stop scanning at a million.
  for (let v = range.addr.value; v <= end && v < cap; v++) {
    if (taken.has(v) || usedValues.has(v)) continue;
    return { ok: true, ip: formatAddr({ family: net.addr.family, value: v }) };
  }
  return { ok: false, error: 'no available addresses on this pool' };
}
