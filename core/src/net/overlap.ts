import type { Finding, Located } from '../finding';
import { formatPrefix, lastAddress, masked, prefixOf, samePrefix } from './prefix';
import type { Prefix } from './prefix';
import { tryFreeSubnet, SUGGESTED_IPV6_POOLS } from './pools';
import type { AddressPool } from './pools';

export interface OverlapNetworkInput<R> {
  name: string;
  /** `overlay` networks live in the engine's global address space, every other driver in the local one. */
  driver?: string;
  enableIpv6?: boolean;
  configs: { subnet?: Located<string, R>; ipRange?: Located<string, R> }[];
}

export interface OverlapOptions<R = unknown> {
  /** Pools the suggested replacement subnet is taken from (IPv4); IPv6 uses SUGGESTED_IPV6_POOLS. */
  pools?: readonly AddressPool[];
  /** Subnets known to be taken elsewhere (on the host), kept out of the suggestion. */
  alsoUsed?: readonly string[];
  /**
   * Orders the subnets so that each overlap is reported at the later one (for the language server: later
   * file, then later offset). Without it, the order is networks then configs as given.
   */
  order?: (a: R, b: R) => number;
}

/**
 * Private, outside Docker's local pools (so the suggestion is not itself a NET037 warning), and clear of
 * the low 10.x ranges home and office LANs usually take.
 */
export const SUGGESTION_POOLS: readonly AddressPool[] = [{ base: '10.128.0.0/9', size: 24 }];

interface Pool<R> {
  network: string;
  space: 'local' | 'global';
  subnet: Prefix;
  at: R;
  raw: string;
  range?: Prefix;
  /** First and last address, computed once: the pairwise test is then two comparisons. */
  first: bigint;
  last: bigint;
}

/** Same family and address space, and the address intervals meet (prefixes nest or are disjoint). */
function clash<R>(a: Pool<R>, b: Pool<R>): boolean {
  return (
    a.space === b.space &&
    a.subnet.addr.family === b.subnet.addr.family &&
    a.first <= b.last &&
    b.first <= a.last
  );
}

/**
 * NET036: subnets that overlap, between networks or within one network's `ipam.config`. The default IPAM
 * checks overlap only for a request without `ip_range`; with one, only an identical subnet and ip_range
 * pair is refused (moby#46756). So a pair where either side has `ip_range` is a warning: whether Docker
 * refuses it depends on which network is created first. Reported once per subnet that overlaps earlier
 * ones, at that subnet, with every earlier one it overlaps as related (an error if any pair is).
 */
export function overlaps<R>(
  networks: readonly OverlapNetworkInput<R>[],
  options: OverlapOptions<R> = {},
): Finding<R>[] {
  const order = options.order;
  const pools = order
    ? networks.flatMap(poolsOf).sort((a, b) => order(a.at, b.at))
    : networks.flatMap(poolsOf);
  const used = [...pools.map((p) => p.raw), ...(options.alsoUsed ?? [])];
  const out: Finding<R>[] = [];
  for (let i = 0; i < pools.length; i++) {
    const later = pools[i] as Pool<R>;
    let hits: Pool<R>[] | undefined;
    for (let j = 0; j < i; j++) {
      const earlier = pools[j] as Pool<R>;
      if (clash(earlier, later)) (hits ??= []).push(earlier);
    }
    if (hits !== undefined) out.push(overlapFinding(hits, later, used, options));
  }
  return out;
}

function poolsOf<R>(n: OverlapNetworkInput<R>): Pool<R>[] {
  const out: Pool<R>[] = [];
  for (const cfg of n.configs) {
    if (!cfg.subnet) continue;
    const p = prefixOf(cfg.subnet.value);
    if (!p || (p.addr.family === 6 && n.enableIpv6 === false)) continue;
    const range = cfg.ipRange ? prefixOf(cfg.ipRange.value) : undefined;
    const subnet = masked(p);
    out.push({
      network: n.name,
      space: n.driver === 'overlay' ? 'global' : 'local',
      subnet,
      first: subnet.addr.value,
      last: lastAddress(subnet).value,
      at: cfg.subnet.at,
      raw: cfg.subnet.value,
      ...(range ? { range: masked(range) } : {}),
    });
  }
  return out;
}

/** Would the engine refuse the pair whatever the creation order? */
function alwaysRefused<R>(a: Pool<R>, b: Pool<R>): boolean {
  if (!a.range && !b.range) return true;
  return !!a.range && !!b.range && samePrefix(a.subnet, b.subnet) && samePrefix(a.range, b.range);
}

function overlapFinding<R>(
  hits: readonly Pool<R>[],
  later: Pool<R>,
  used: string[],
  options: OverlapOptions<R>,
): Finding<R> {
  const hard = hits.some((earlier) => alwaysRefused(earlier, later));
  const earlier = hits.find((e) => alwaysRefused(e, later)) ?? (hits[0] as Pool<R>);
  const mine = formatPrefix(later.subnet);
  const theirs = formatPrefix(earlier.subnet);
  const more = hits.length > 1 ? ` (and ${hits.length - 1} more)` : '';
  const where =
    earlier.network === later.network
      ? `subnet ${mine} of network "${later.network}" overlaps its other subnet ${theirs}${more}`
      : `subnet ${mine} of network "${later.network}" overlaps ${theirs} of network "${earlier.network}"${more}`;
  const pools = later.subnet.addr.family === 6 ? SUGGESTED_IPV6_POOLS : (options.pools ?? SUGGESTION_POOLS);
  const free = tryFreeSubnet(used, later.subnet.bits, pools);
  const advice = free
    ? `; use a free subnet such as ${free}`
    : '; use a subnet that overlaps no other network';
  const message = hard
    ? `Pool overlaps with other one on this address space: ${where}${advice}`
    : `${where}; Docker accepts this only because of ip_range, and only if the networks are created in a favourable order${advice}`;
  return {
    code: 'NET036',
    severity: hard ? 'error' : 'warning',
    message,
    at: later.at,
    related: [earlier, ...hits.filter((h) => h !== earlier)].map((h) => ({
      at: h.at,
      message: `network "${h.network}" has subnet ${formatPrefix(h.subnet)}`,
    })),
    ...(free ? { fix: { kind: 'replace' as const, title: `Use free subnet ${free}`, text: free } } : {}),
  };
}
