import { bitLength, formatAddr, parseAddr } from './addr';
import type { Family, IpAddr, Parsed } from './addr';
import { goQuote } from './gostr';

/**
 * A CIDR prefix as written: `addr` keeps any host bits the user typed (Docker reports them, NET031), so
 * use `masked()` before comparing networks.
 */
export interface Prefix {
  addr: IpAddr;
  bits: number;
}

const prefixError = (input: string, msg: string): Parsed<Prefix> => ({
  ok: false,
  error: `netip.ParsePrefix(${goQuote(input)}): ${msg}`,
});

/**
 * Results by text. The language server checks every subnet of the project on each keystroke and nearly all
 * are unchanged; results are never mutated, so one object per text is shared.
 */
const prefixCache = new Map<string, Parsed<Prefix>>();

/** `netip.ParsePrefix`, with Go's failure texts (`no '/'`, `bad bits after slash: "x"`, …). */
export function parsePrefix(s: string): Parsed<Prefix> {
  let r = prefixCache.get(s);
  if (r === undefined) {
    if (prefixCache.size >= CACHE_LIMIT) prefixCache.clear();
    r = parsePrefixUncached(s);
    prefixCache.set(s, r);
  }
  return r;
}

const CACHE_LIMIT = 20000;

function parsePrefixUncached(s: string): Parsed<Prefix> {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return prefixError(s, "no '/'");
  const addr = parseAddr(s.slice(0, slash));
  if (!addr.ok) return prefixError(s, addr.error);
  if (addr.value.family === 6 && addr.value.zone !== undefined) {
    return prefixError(s, 'IPv6 zones cannot be present in a prefix');
  }
  const bitsStr = s.slice(slash + 1);
  // Go refuses signs and leading zeros, which strconv.Atoi alone would accept.
  if (bitsStr.length > 1 && (bitsStr[0] ?? '') < '1') return badBits(s, bitsStr);
  if (bitsStr.length > 1 && (bitsStr[0] ?? '') > '9') return badBits(s, bitsStr);
  // strconv.Atoi fails (so "bad bits") on anything but digits and on values beyond int64.
  if (!/^[0-9]+$/.test(bitsStr) || BigInt(bitsStr) > 0x7fffffffffffffffn) return badBits(s, bitsStr);
  const bits = Number(bitsStr);
  if (bits > bitLength(addr.value.family)) return prefixError(s, 'prefix length out of range');
  return { ok: true, value: { addr: addr.value, bits } };
}

function badBits(s: string, bitsStr: string): Parsed<Prefix> {
  return prefixError(s, `bad bits after slash: ${goQuote(bitsStr)}`);
}

/** The prefix, or undefined when `s` is not one. */
export function prefixOf(s: string): Prefix | undefined {
  const r = parsePrefix(s);
  return r.ok ? r.value : undefined;
}

export function familyOf(p: Prefix): Family {
  return p.addr.family;
}

/** Masks by prefix length, per family: BigInt shifts are costly and every containment test needs one. */
const MASKS: Record<Family, bigint[]> = { 4: [], 6: [] };

/** All ones in the top `bits` of a `family` address. */
export function maskOf(family: Family, bits: number): bigint {
  const table = MASKS[family];
  const known = table[bits];
  if (known !== undefined) return known;
  const m = computeMask(family, bits);
  if (Number.isInteger(bits) && bits >= 0 && bits <= bitLength(family)) table[bits] = m;
  return m;
}

function computeMask(family: Family, bits: number): bigint {
  const width = BigInt(bitLength(family));
  const hostBits = width - BigInt(bits);
  return ((1n << width) - 1n) ^ ((1n << hostBits) - 1n);
}

/** The prefix with its host bits cleared (`Prefix.Masked()`). */
export function masked(p: Prefix): Prefix {
  return {
    addr: { family: p.addr.family, value: p.addr.value & maskOf(p.addr.family, p.bits) },
    bits: p.bits,
  };
}

export function isMasked(p: Prefix): boolean {
  return (p.addr.value & maskOf(p.addr.family, p.bits)) === p.addr.value;
}

/** Number of addresses in the prefix (2^host bits). */
export function size(p: Prefix): bigint {
  return 1n << BigInt(bitLength(p.addr.family) - p.bits);
}

export function networkAddress(p: Prefix): IpAddr {
  return masked(p).addr;
}

/** The last address of the prefix (the IPv4 broadcast address). */
export function lastAddress(p: Prefix): IpAddr {
  return { family: p.addr.family, value: networkAddress(p).value + size(p) - 1n };
}

/** IPv4 broadcast address; undefined for IPv6 and for /31 and /32, which have none. */
export function broadcastAddress(p: Prefix): IpAddr | undefined {
  if (p.addr.family !== 4 || size(p) <= 2n) return undefined;
  return lastAddress(p);
}

/**
 * Addresses Docker's default IPAM pre-reserves in a pool: the network address (except IPv4 /31 and /32)
 * and the IPv4 broadcast address (moby `newPoolData`).
 */
export function reservedAddresses(p: Prefix): IpAddr[] {
  const out: IpAddr[] = [];
  if (!(p.addr.family === 4 && size(p) <= 2n)) out.push(networkAddress(p));
  const bc = broadcastAddress(p);
  if (bc) out.push(bc);
  return out;
}

/** The first address a host can take; the bridge driver's default gateway. */
export function firstHost(p: Prefix): IpAddr {
  const net = networkAddress(p);
  const skip = p.addr.family === 4 && size(p) <= 2n ? 0n : 1n;
  return { family: net.family, value: net.value + (size(p) > 1n ? skip : 0n) };
}

/** Addresses a container can get: the prefix minus Docker's reserved network and broadcast addresses. */
export function usableCount(p: Prefix): bigint {
  return size(p) - BigInt(reservedAddresses(p).length);
}

/** `Prefix.Contains`: same family and the address lies inside. */
export function contains(p: Prefix, a: IpAddr): boolean {
  // Go's Prefix.Contains: an address with an IPv6 zone is in no prefix (so a gateway `fd00::1%x` is refused
  // as outside its subnet, as Docker refuses it, and no zone text ever reaches a network record).
  if (p.addr.family !== a.family || a.zone !== undefined) return false;
  const m = maskOf(p.addr.family, p.bits);
  return (a.value & m) === (p.addr.value & m);
}

/** True when every address of `inner` lies inside `outer`. */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.addr.family === inner.addr.family && outer.bits <= inner.bits && contains(outer, inner.addr);
}

/** `Prefix.Overlaps`: same family and the shorter prefix contains the other's network address. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.addr.family !== b.addr.family) return false;
  const m = maskOf(a.addr.family, Math.min(a.bits, b.bits));
  return (a.addr.value & m) === (b.addr.value & m);
}

export function samePrefix(a: Prefix, b: Prefix): boolean {
  return a.addr.family === b.addr.family && a.addr.value === b.addr.value && a.bits === b.bits;
}

/** Go's `Prefix.String()`: the address as written (host bits kept) and the length. */
export function formatPrefix(p: Prefix): string {
  return `${formatAddr(p.addr)}/${p.bits}`;
}

/**
 * The network of a CIDR string that was checked before (a stored record, a validated request): host bits
 * cleared. Throws when `s` is not a prefix, which is a bug in the caller, not bad input.
 */
export function networkOf(s: string): Prefix {
  const p = prefixOf(s);
  if (!p) throw new Error(`invalid CIDR ${JSON.stringify(s)}: expected a checked subnet such as 10.1.0.0/24`);
  return masked(p);
}

/** The prefix of one address: /32 or /128. */
export function hostPrefix(a: IpAddr): Prefix {
  return { addr: { family: a.family, value: a.value }, bits: bitLength(a.family) };
}

/** Canonical network form of a CIDR string (`10.1.2.3/16` -> `10.1.0.0/16`), or undefined if invalid. */
export function canonicalSubnet(s: string): string | undefined {
  const p = prefixOf(s);
  return p ? formatPrefix(masked(p)) : undefined;
}

/**
 * The lowest address of `subnet` a container can be given: not reserved by Docker, not in `taken`, and not
 * inside `avoid` (the dynamic `ip_range`, where a static address may be taken first). Looks at most at
 * `limit` addresses, so a huge IPv6 subnet costs nothing.
 */
export function firstFreeAddress(
  subnet: Prefix,
  taken: readonly IpAddr[],
  avoid?: Prefix,
  limit = 65536,
): IpAddr | undefined {
  const net = masked(subnet);
  const busy = new Set(
    [...reservedAddresses(net), ...taken].filter((a) => a.family === net.addr.family).map((a) => a.value),
  );
  const count = size(net) < BigInt(limit) ? size(net) : BigInt(limit);
  for (let i = 0n; i < count; i++) {
    const cand: IpAddr = { family: net.addr.family, value: net.addr.value + i };
    if (busy.has(cand.value) || (avoid && contains(avoid, cand))) continue;
    return cand;
  }
  return undefined;
}
