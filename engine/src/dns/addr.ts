// IP address text <-> bytes, canonical text and reverse (PTR) names. Pure: the resolver keys clients by
// the text Node reports as a datagram's source, so addresses from the engine's view are put in the same
// canonical form here (libuv's inet_ntop style: lowercase, longest zero run of 2+ groups as "::").
import { addrBytes, addrFromBytes, addrOf, formatAddr } from '@switchyard/core';
import type { IpAddr } from '@switchyard/core';

/**
 * Text to an address with core's parser (Go's netip rules, one parser for the whole codebase), with the one
 * leniency a resolver needs: IPv4 octets with leading zeros (`10.001.0.1`, as inet_aton and resolv.conf
 * take them) are read as decimal. A zone is dropped: the view keys peers without it.
 */
function readAddr(text: string): IpAddr | undefined {
  const dotted = /^\d{1,3}(\.\d{1,3}){3}$/.test(text);
  return addrOf(
    dotted
      ? text
          .split('.')
          .map((o) => String(Number(o)))
          .join('.')
      : text,
  );
}

/** Parses dotted-quad IPv4 text into 4 bytes; undefined when it is not exactly four decimal octets. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const a = readAddr(text);
  return a?.family === 4 ? addrBytes(a) : undefined;
}

/** Parses IPv6 text (with "::", an embedded IPv4 tail and an optional %zone) into 16 bytes. */
export function parseIPv6(text: string): Uint8Array | undefined {
  const a = readAddr(text);
  return a?.family === 6 ? addrBytes(a) : undefined;
}

/**
 * Canonical IPv6 text as Node reports a datagram's source (libuv's inet_ntop): Go's RFC 5952 form from core,
 * except an IPv4-compatible address (`::a.b.c.d`, the first 96 bits zero), which libuv writes dotted.
 */
export function formatIPv6(b: Uint8Array): string {
  const a = addrFromBytes(b);
  if (a?.family !== 6) throw new Error(`formatIPv6: expected 16 bytes, got ${b.length}`);
  return nodeText(a);
}

/** Canonical text for an IPv4 or IPv6 address, or undefined when the text is neither. */
export function canonicalIP(text: string): string | undefined {
  const a = readAddr(text);
  return a && nodeText(a);
}

/** An address as Node writes it: dotted quad, or IPv6 as `formatIPv6` says, without a zone. */
function nodeText(a: IpAddr): string {
  if (a.family === 4) return formatAddr(a);
  if (a.value >> 32n === 0n && a.value >> 16n !== 0n)
    return `::${formatAddr({ family: 4, value: a.value & 0xffffffffn })}`;
  return formatAddr(a.zone === undefined ? a : { family: 6, value: a.value });
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
