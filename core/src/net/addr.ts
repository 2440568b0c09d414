import { memoByText } from '../memo';
import { goQuote } from './gostr';

/**
 * IP addresses as Go's `net/netip` sees them: a family and a 32- or 128-bit value. An IPv4-mapped IPv6
 * address (`::ffff:1.2.3.4`) stays IPv6, as `netip.Addr.Is6()` says, so family checks match Docker's.
 */
export type Family = 4 | 6;

export interface IpAddr {
  family: Family;
  /** The address as an unsigned integer of 32 (IPv4) or 128 (IPv6) bits. */
  value: bigint;
  /** IPv6 zone (`fe80::1%eth0`), as Go keeps it; undefined when absent. */
  zone?: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const bitLength = (family: Family): number => (family === 4 ? 32 : 128);

class AddrError extends Error {
  constructor(input: string, msg: string, at?: string) {
    super(
      `ParseAddr(${goQuote(input)}): ${msg}${at !== undefined && at !== '' ? ` (at ${goQuote(at)})` : ''}`,
    );
  }
}

/**
 * `netip.ParseAddr`, with Go's failure text (`ParseAddr("x"): unable to parse IP`). Remembered by text (see
 * memo.ts): results are shared, never mutated.
 */
export const parseAddr: (s: string) => Parsed<IpAddr> = memoByText((s) => parseAddrUncached(s));

function parseAddrUncached(s: string): Parsed<IpAddr> {
  try {
    return { ok: true, value: parseAddrOrThrow(s) };
  } catch (e) {
    if (e instanceof AddrError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The address, or undefined when `s` is not one. */
export function addrOf(s: string): IpAddr | undefined {
  const r = parseAddr(s);
  return r.ok ? r.value : undefined;
}

/**
 * Go's `net.ParseIP` (netip.ParseAddr minus zones): the address, or undefined when `s` is not one or carries
 * an IPv6 zone (a zone means nothing in a subnet, a route or a published port).
 */
export function plainAddrOf(s: string): IpAddr | undefined {
  const a = addrOf(s);
  return a && a.zone === undefined ? a : undefined;
}

/** The address as 4 or 16 bytes, network order (the zone dropped). */
export function addrBytes(a: IpAddr): Uint8Array {
  const n = a.family === 4 ? 4 : 16;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((a.value >> BigInt(8 * (n - 1 - i))) & 0xffn);
  return out;
}

/** 4 bytes are IPv4, 16 IPv6; undefined for any other length. */
export function addrFromBytes(bytes: Uint8Array): IpAddr | undefined {
  if (bytes.length !== 4 && bytes.length !== 16) return undefined;
  const value = bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
  return { family: bytes.length === 4 ? 4 : 6, value };
}

function parseAddrOrThrow(s: string): IpAddr {
  for (const c of s) {
    if (c === '.') return { family: 4, value: parseIPv4Fields(s, 0, s.length) };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw new AddrError(s, 'missing IPv6 address');
  }
  throw new AddrError(s, 'unable to parse IP');
}

/** Go's parseIPv4Fields: strict dotted quad, no leading zeros; `input` is quoted in errors. */
function parseIPv4Fields(input: string, off: number, end: number): bigint {
  const s = input.slice(off, end);
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && val === 0) throw new AddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c - 48);
      digits++;
      if (val > 255) throw new AddrError(input, 'IPv4 field has value >255');
    } else if (c === 46) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        throw new AddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (fields.length === 3) throw new AddrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      throw new AddrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) throw new AddrError(input, 'IPv4 address too short');
  fields.push(val);
  return fields.reduce((acc, f) => (acc << 8n) | BigInt(f), 0n);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Go's parseIPv6, step by step, so each malformed input fails with the same reason Go gives. */
function parseIPv6(input: string): IpAddr {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw new AddrError(input, 'zone must be a non-empty string');
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return withZone(0n, zone);
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s.charCodeAt(off));
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) throw new AddrError(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) throw new AddrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) throw new AddrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) {
        throw new AddrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      }
      if (i + 4 > 16) {
        throw new AddrError(
          input,
          'too many hex fields to fit an embedded IPv4 at the end of the address',
          s,
        );
      }
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const v4 = parseIPv4Fields(input, end - s.length, end);
      for (let k = 0; k < 4; k++) ip[i + k] = Number((v4 >> BigInt(8 * (3 - k))) & 0xffn);
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') throw new AddrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw new AddrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw new AddrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) throw new AddrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw new AddrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j] ?? 0;
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) {
    throw new AddrError(input, 'the :: must expand to at least one field of zeros', s);
  }
  return withZone(
    ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n),
    zone,
  );
}

function withZone(value: bigint, zone: string): IpAddr {
  return zone === '' ? { family: 6, value } : { family: 6, value, zone };
}

/** Go's `Addr.String()`: dotted quad, or RFC 5952 IPv6 (longest zero run as `::`, `::ffff:a.b.c.d`). */
export function formatAddr(a: IpAddr): string {
  if (a.family === 4) return formatV4(a.value);
  const zone = a.zone !== undefined ? `%${a.zone}` : '';
  if (a.value >> 32n === 0xffffn) return `::ffff:${formatV4(a.value & 0xffffffffn)}${zone}`;
  return formatV6(a.value) + zone;
}

function formatV4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 0xffn)).join('.');
}

function formatV6(v: bigint): string {
  const groups = Array.from({ length: 8 }, (_, k) => Number((v >> BigInt(16 * (7 - k))) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let k = 0; k < 8;) {
    if (groups[k] !== 0) {
      k++;
      continue;
    }
    let e = k;
    while (e < 8 && groups[e] === 0) e++;
    if (e - k > bestLen && e - k >= 2) {
      bestStart = k;
      bestLen = e - k;
    }
    k = e;
  }
  const hex = (g: number[]): string => g.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function addrFrom(family: Family, value: bigint): IpAddr {
  return { family, value };
}

export function sameAddr(a: IpAddr, b: IpAddr): boolean {
  return a.family === b.family && a.value === b.value;
}

/** `0.0.0.0` or `::`. */
export function isUnspecified(a: IpAddr): boolean {
  return a.value === 0n;
}

/** `localhost`, an address in 127.0.0.0/8, or `::1` (brackets allowed): a host only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const a = plainAddrOf(bare);
  if (!a) return false;
  return a.family === 4 ? a.value >> 24n === 127n : a.value === 1n;
}
