import { isIPv4, isIPv6 } from 'node:net';

// Pure address helpers (both families as bigint). core/src/net was not there yet when this was written;
// merge into core/ once it is (see engine/README.md).

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

const width = (f: Family): number => (f === 4 ? 32 : 128);

export function parseIp(text: string): Ip | undefined {
  if (isIPv4(text)) {
    const v = text.split('.').reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
    return { family: 4, value: v };
  }
  if (!isIPv6(text) || text.includes('.')) return undefined;
  const [head = '', tail = ''] = text.split('::') as [string, string?];
  const h = head ? head.split(':') : [];
  const t = text.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = text.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return { family: 6, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 255n)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) =>
    ((ip.value >> BigInt(112 - i * 16)) & 0xffffn).toString(16),
  );
  // Compress the longest run of zero groups (RFC 5952).
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

const mask = (f: Family, bits: number): bigint => ((1n << BigInt(bits)) - 1n) << BigInt(width(f) - bits);

/** Parses `a.b.c.d/n`; `strict` rejects host bits (Docker: "invalid subnet X: it should be Y"). */
export function parseCidr(text: string): { cidr: Cidr; hostBitsSet: boolean } | undefined {
  const [addr, len, extra] = text.split('/');
  if (addr === undefined || len === undefined || extra !== undefined || !/^\d{1,3}$/.test(len))
    return undefined;
  const ip = parseIp(addr);
  const bits = Number(len);
  if (!ip || bits > width(ip.family)) return undefined;
  const base = ip.value & mask(ip.family, bits);
  return { cidr: { family: ip.family, base, bits }, hostBitsSet: base !== ip.value };
}

export const formatCidr = (c: Cidr): string => `${formatIp({ family: c.family, value: c.base })}/${c.bits}`;
export const size = (c: Cidr): bigint => 1n << BigInt(width(c.family) - c.bits);
export const last = (c: Cidr): bigint => c.base + size(c) - 1n;

export const contains = (c: Cidr, ip: Ip): boolean =>
  c.family === ip.family && ip.value >= c.base && ip.value <= last(c);

export const overlaps = (a: Cidr, b: Cidr): boolean =>
  a.family === b.family && a.base <= last(b) && b.base <= last(a);

/** `c` split into prefixes of `bits` (used to cut Docker's /14 and /16 pools into networks). */
export function split(c: Cidr, bits: number): Cidr[] {
  const step = 1n << BigInt(width(c.family) - bits);
  const out: Cidr[] = [];
  for (let b = c.base; b <= last(c); b += step) out.push({ family: c.family, base: b, bits });
  return out;
}

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
