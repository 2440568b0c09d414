import {
  addrOf,
  contains as prefixContains,
  formatAddr,
  formatPrefix,
  masked,
  prefixOf,
  prefixesOverlap,
  size as prefixSize,
} from '@switchyard/core';
import type { Prefix } from '@switchyard/core';

// The engine's address records (both families as bigint) on top of core/src/net, which does the parsing,
// formatting and prefix maths for the language server too (Go's netip rules), so the two never disagree.

export type Family = 4 | 6;
export interface Ip {
  family: Family;
  value: bigint;
}
export interface Cidr {
  family: Family;
  base: bigint;
  bits: number;
}

const toPrefix = (c: Cidr): Prefix => ({ addr: { family: c.family, value: c.base }, bits: c.bits });

/** An address without a zone (a zone means nothing in a subnet or a route). */
export function parseIp(text: string): Ip | undefined {
  const a = addrOf(text);
  return a && a.zone === undefined ? { family: a.family, value: a.value } : undefined;
}

export const formatIp = (ip: Ip): string => formatAddr(ip);

/** Parses `a.b.c.d/n`; `hostBitsSet` lets callers report Docker's "invalid subnet X: it should be Y". */
export function parseCidr(text: string): { cidr: Cidr; hostBitsSet: boolean } | undefined {
  const p = prefixOf(text);
  if (!p || p.addr.zone !== undefined) return undefined;
  const m = masked(p);
  return {
    cidr: { family: p.addr.family, base: m.addr.value, bits: p.bits },
    hostBitsSet: m.addr.value !== p.addr.value,
  };
}

export const formatCidr = (c: Cidr): string => formatPrefix(toPrefix(c));
export const size = (c: Cidr): bigint => prefixSize(toPrefix(c));
export const last = (c: Cidr): bigint => c.base + size(c) - 1n;
export const contains = (c: Cidr, ip: Ip): boolean => prefixContains(toPrefix(c), ip);
export const overlaps = (a: Cidr, b: Cidr): boolean => prefixesOverlap(toPrefix(a), toPrefix(b));

export function mustCidr(text: string): Cidr {
  const p = parseCidr(text);
  if (!p) throw new Error(`invalid CIDR ${text}`);
  return p.cidr;
}

/** Docker's MAC for an IPv4 endpoint: 02:42 followed by the four address bytes. */
export function macFor(ipv4: string | undefined, fallback: Uint8Array): string {
  const ip = ipv4 ? parseIp(ipv4) : undefined;
  const bytes = ip
    ? [24n, 16n, 8n, 0n].map((s) => Number((ip.value >> s) & 255n))
    : [...fallback.slice(0, 4)];
  return ['02', '42', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
