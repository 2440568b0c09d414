// IP address text <-> bytes, canonical text and reverse (PTR) names. Pure: the resolver keys clients by
// the text Node reports as a datagram's source, so addresses from the engine's view are put in the same
// canonical form here (libuv's inet_ntop style: lowercase, longest zero run of 2+ groups as "::").

/** Parses dotted-quad IPv4 text; undefined when it is not exactly four decimal octets. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

/** Parses IPv6 text (with "::", an embedded IPv4 tail and an optional %zone); undefined when invalid. */
export function parseIPv6(text: string): Uint8Array | undefined {
  const bare = text.split('%')[0] ?? '';
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const out = new Uint8Array(16);
  words.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** Splits one side of "::" into 16-bit words; an IPv4 tail counts as two words. */
function groups(side: string): number[] | undefined {
  if (side === '') return [];
  const parts = side.split(':');
  const words: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIPv4(p);
      if (!v4) return undefined;
      words.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      words.push(parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

/** Formats 16 bytes as canonical IPv6 text, matching what Node reports for a datagram's source. */
export function formatIPv6(b: Uint8Array): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push(((b[i * 2] ?? 0) << 8) | (b[i * 2 + 1] ?? 0));
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (bestLen < 2) best = -1;
  const v4Tail = best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (v4Tail && i === 6) return `${out}${out.endsWith(':') ? '' : ':'}${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += (w[i] ?? 0).toString(16);
  }
  return out;
}

/** Canonical text for an IPv4 or IPv6 address, or undefined when the text is neither. */
export function canonicalIP(text: string): string | undefined {
  const v4 = parseIPv4(text);
  if (v4) return v4.join('.');
  const v6 = parseIPv6(text);
  return v6 ? formatIPv6(v6) : undefined;
}

/** The reverse-lookup name of an address, lowercase and without a trailing dot. */
export function reverseName(bytes: Uint8Array): string {
  if (bytes.length === 4) return `${bytes[3]}.${bytes[2]}.${bytes[1]}.${bytes[0]}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (let i = bytes.length - 1; i >= 0; i--) {
    const v = bytes[i] ?? 0;
    nibbles.push((v & 0xf).toString(16), (v >> 4).toString(16));
  }
  return `${nibbles.join('.')}.ip6.arpa`;
}

/**
 * A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d and link-local peers may carry a %zone; the view
 * keys them as a.b.c.d and as the bare IPv6 address.
 */
export function unmapIPv4(address: string): string {
  const zone = address.indexOf('%');
  const bare = zone < 0 ? address : address.slice(0, zone);
  return bare.startsWith('::ffff:') && bare.includes('.') ? bare.slice(7) : bare;
}
