import { plainAddrOf } from '../net/addr';

/**
 * Go's `net.ParseIP` (netip rules: no IPv4 leading zeros, no zones), which is what Docker uses to accept a
 * host IP. Returns the family and a canonical key so that `::1` and `0:0::1` compare equal, or null.
 */
export interface ParsedIp {
  family: 4 | 6;
  /** Canonical comparison key: family and numeric value. */
  key: string;
  unspecified: boolean;
}

export function parseGoIp(s: string): ParsedIp | null {
  const a = plainAddrOf(s);
  if (!a) return null;
  return { family: a.family, key: `${a.family}/${a.value.toString(16)}`, unspecified: a.value === 0n };
}

/**
 * Go's `net.SplitHostPort(ip + ":")` as ParsePortSpec uses it to strip brackets: the host inside `[...]`,
 * or Go's error text (`address <a>: <why>`).
 */
export function stripBrackets(ip: string): { host: string } | { error: string } {
  const hostport = `${ip}:`;
  const fail = (why: string) => ({ error: `address ${hostport}: ${why}` });
  const last = hostport.lastIndexOf(':');
  const end = hostport.indexOf(']');
  if (end < 0) return fail("missing ']' in address");
  if (end + 1 === hostport.length) return fail('missing port in address');
  if (end + 1 !== last)
    return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
  if (hostport.indexOf('[', 1) >= 0) return fail("unexpected '[' in address");
  if (hostport.indexOf(']', end + 1) >= 0) return fail("unexpected ']' in address");
  return { host: hostport.slice(1, end) };
}
