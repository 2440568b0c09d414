import { addrBytes, plainAddrOf } from './addr';
import type { Parsed } from './addr';

/**
 * Go's `net.ParseMAC`: 6, 8 or 20 bytes as `xx:xx:…`, `xx-xx-…` or `xxxx.xxxx.…`, one separator throughout.
 * The failure text is Go's (`address <m>: invalid MAC address`); Compose prefixes `invalid MAC address: `.
 */
export function parseMac(s: string): Parsed<number[]> {
  const bytes = macBytes(s);
  return bytes ? { ok: true, value: bytes } : { ok: false, error: `address ${s}: invalid MAC address` };
}

/** Lower-case colon form, for comparing MACs written differently. */
export function canonicalMac(s: string): string | undefined {
  const b = macBytes(s);
  return b?.map((x) => x.toString(16).padStart(2, '0')).join(':');
}

const SIZES = new Set([6, 8, 20]);

function macBytes(s: string): number[] | undefined {
  if (s.length < 14) return undefined;
  if (s[2] === ':' || s[2] === '-') {
    if ((s.length + 1) % 3 !== 0) return undefined;
    const n = (s.length + 1) / 3;
    if (!SIZES.has(n)) return undefined;
    const out: number[] = [];
    for (let i = 0, x = 0; i < n; i++, x += 3) {
      const b = xtoi2(s.slice(x), s[2]);
      if (b === undefined) return undefined;
      out.push(b);
    }
    return out;
  }
  if (s[4] === '.') {
    if ((s.length + 1) % 5 !== 0) return undefined;
    const n = (2 * (s.length + 1)) / 5;
    if (!SIZES.has(n)) return undefined;
    const out: number[] = [];
    for (let x = 0; out.length < n; x += 5) {
      const hi = xtoi2(s.slice(x, x + 2), '');
      const lo = xtoi2(s.slice(x + 2), s[x + 4] ?? '');
      if (hi === undefined || lo === undefined) return undefined;
      out.push(hi, lo);
    }
    return out;
  }
  return undefined;
}

/** Two hex digits, followed by `sep` unless the text ends there. */
function xtoi2(s: string, sep: string | undefined): number | undefined {
  if (s.length > 2 && s[2] !== sep) return undefined;
  const pair = s.slice(0, 2);
  if (!/^[0-9a-fA-F]{2}$/.test(pair)) return undefined;
  return parseInt(pair, 16);
}

/**
 * Docker's MAC for an endpoint: 02:42 followed by the four bytes of its IPv4 address, or of `fallback`
 * (random bytes the caller drew) when it has none.
 */
export function endpointMac(ipv4: string | undefined, fallback: Uint8Array): string {
  const ip = ipv4 === undefined ? undefined : plainAddrOf(ipv4);
  const bytes = ip?.family === 4 ? [...addrBytes(ip)] : [...fallback.slice(0, 4)];
  return ['02', '42', ...bytes.map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
