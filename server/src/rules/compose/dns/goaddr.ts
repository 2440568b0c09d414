/**
 * Go's `net/netip.ParseAddr`, error texts included: docker compose checks `dns` entries with it and quotes
 * its error (`invalid DNS address: ParseAddr("dns.google"): unexpected character (at "dns.google")`).
 * Returns null for a valid address, else the error text.
 */
export function parseAddrError(s: string): string | null {
  for (const c of s) {
    if (c === '.') return parseIPv4(s, s, 0, s.length);
    if (c === ':') return parseIPv6(s);
    if (c === '%') return err(s, 'missing IPv6 address');
  }
  return err(s, 'unable to parse IP');
}

/** `net.ParseIP` (the engine's check for extra_hosts): like ParseAddr, but without zones. */
export function isGoIP(s: string): boolean {
  return !s.includes('%') && parseAddrError(s) === null;
}

function err(input: string, msg: string, at?: string): string {
  const base = `ParseAddr(${JSON.stringify(input)}): ${msg}`;
  return at === undefined || at === '' ? base : `${base} (at ${JSON.stringify(at)})`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function parseIPv4(input: string, _s: string, off: number, end: number): string | null {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (isDigit(c)) {
      if (digits === 1 && val === 0) return err(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) return err(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        return err(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (pos === 3) return err(input, 'IPv4 address too long');
      pos++;
      val = 0;
      digits = 0;
    } else {
      return err(input, 'unexpected character', s.slice(i));
    }
  }
  return pos < 3 ? err(input, 'IPv4 address too short') : null;
}

function hexValue(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) || !/[0-9a-fA-F]/.test(c) ? -1 : v;
}

function parseIPv6(input: string): string | null {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return err(input, 'zone must be a non-empty string');
  }
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return null;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s[off]);
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) return err(input, 'each group must have 4 or less digits', s);
      if (acc > 0xffff) return err(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return err(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) {
        return err(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      }
      if (i + 4 > 16) {
        return err(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      }
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const v4 = parseIPv4(input, s, end - s.length, end);
      if (v4 !== null) return v4;
      i += 4;
      s = '';
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return err(input, 'unexpected character, want colon', s);
    if (s.length === 1) return err(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return err(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return err(input, 'trailing garbage after address', s);
  if (i < 16 && ellipsis < 0) return err(input, 'address string too short');
  if (i >= 16 && ellipsis >= 0) return err(input, 'the :: must expand to at least one field of zeros');
  return null;
}
