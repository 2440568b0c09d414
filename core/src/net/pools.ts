import { bitLength } from './addr';
import type { Family } from './addr';
import { formatPrefix, masked, prefixOf, prefixesOverlap, size } from './prefix';
import type { Prefix } from './prefix';

/** An address pool as daemon.json `default-address-pools` writes it: split `base` into `/size` subnets. */
export interface AddressPool {
  base: string;
  size: number;
}

/** Docker's local-scope defaults (`ipamutils`): 31 subnets, docker0 takes the first. */
export const DEFAULT_LOCAL_POOLS: readonly AddressPool[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** Docker's global-scope (overlay) default. */
export const DEFAULT_GLOBAL_POOLS: readonly AddressPool[] = [{ base: '10.0.0.0/8', size: 24 }];

/**
 * Docker's built-in pools are IPv4 only; IPv6 suggestions come from the unique-local range, one /64 each,
 * so a suggested subnet never collides with a global prefix the host may route.
 */
export const SUGGESTED_IPV6_POOLS: readonly AddressPool[] = [{ base: 'fd00::/8', size: 64 }];

/** Text Docker ≥ 27 gives when the pools are used up. */
export const POOLS_EXHAUSTED = 'all predefined address pools have been fully subnetted';

/**
 * The first subnet of the pools (of `prefixLen` bits, or each pool's own size) that overlaps none of
 * `used`, in Docker's linear order; undefined when the pools are full. Unparsable `used` entries are
 * ignored: they reserve nothing.
 */
export function tryFreeSubnet(
  used: readonly string[],
  prefixLen?: number,
  pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS,
): string | undefined {
  const taken = used.map(prefixOf).filter((p): p is Prefix => p !== undefined);
  const found = tryFreePrefix(taken, prefixLen, pools);
  return found && formatPrefix(found);
}

/** As `tryFreeSubnet`, on prefixes already parsed (the engine keeps its subnets in use as prefixes). */
export function tryFreePrefix(
  taken: readonly Prefix[],
  prefixLen?: number,
  pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS,
): Prefix | undefined {
  for (const pool of pools) {
    const base = prefixOf(pool.base);
    if (!base) continue;
    const found = firstFree(masked(base), prefixLen ?? pool.size, taken);
    if (found) return found;
  }
  return undefined;
}

/** As `tryFreeSubnet`, but a full set of pools is Docker's error. */
export function freeSubnet(
  used: readonly string[],
  prefixLen?: number,
  pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS,
): string {
  const found = tryFreeSubnet(used, prefixLen, pools);
  if (found === undefined) throw new Error(POOLS_EXHAUSTED);
  return found;
}

/** Walks the `bits`-long subnets of `base`, jumping past each taken prefix instead of stepping one by one. */
function firstFree(base: Prefix, bits: number, taken: readonly Prefix[]): Prefix | undefined {
  const family: Family = base.addr.family;
  if (bits < base.bits || bits > bitLength(family)) return undefined;
  const block = 1n << BigInt(bitLength(family) - bits);
  const end = base.addr.value + size(base);
  let cur = base.addr.value;
  while (cur < end) {
    const cand: Prefix = { addr: { family, value: cur }, bits };
    const hit = taken.find((t) => prefixesOverlap(t, cand));
    if (!hit) return cand;
    const hitEnd = masked(hit).addr.value + size(hit);
    const next = hitEnd > cur + block ? hitEnd : cur + block;
    cur = ((next + block - 1n) / block) * block;
  }
  return undefined;
}

/** The default local pool that `subnet` overlaps, if any (NET037: it may collide with auto-allocation). */
export function defaultPoolOverlapping(
  subnet: Prefix,
  pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS,
): AddressPool | undefined {
  return pools.find((pool) => {
    const base = prefixOf(pool.base);
    return base !== undefined && prefixesOverlap(base, subnet);
  });
}

/** All subnets Docker could hand out from `pools`, in order (31 for the defaults). */
export function poolSubnets(pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS, limit = 4096): string[] {
  return poolPrefixes(pools, limit).map(formatPrefix);
}

/** As `poolSubnets`, as prefixes. */
export function poolPrefixes(pools: readonly AddressPool[] = DEFAULT_LOCAL_POOLS, limit = 4096): Prefix[] {
  const out: Prefix[] = [];
  for (const pool of pools) {
    const base = prefixOf(pool.base);
    if (!base || pool.size < base.bits || pool.size > bitLength(base.addr.family)) continue;
    const m = masked(base);
    const block = 1n << BigInt(bitLength(m.addr.family) - pool.size);
    for (let v = m.addr.value; v < m.addr.value + size(m) && out.length < limit; v += block) {
      out.push({ addr: { family: m.addr.family, value: v }, bits: pool.size });
    }
  }
  return out;
}
