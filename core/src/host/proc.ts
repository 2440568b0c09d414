import type { HostPort } from '@switchyard/protocol';
import { formatAddr } from '../net/addr';

// What a host's /proc tells about its networking, for the host snapshot: listening sockets (a host port a
// compose file publishes may already be held by a process, not only by a container), routes (a subnet may
// hide the LAN or a VPN), interface names (a macvlan parent must exist) and the kernel release. Pure: the
// caller reads the files (locally, or in one `tail -n +1 FILE...` over SSH) and passes their text.

/** The files `hostFactsFromProc` reads, in the order a reader should fetch them. */
export const HOST_FACT_FILES = [
  '/proc/net/tcp',
  '/proc/net/tcp6',
  '/proc/net/udp',
  '/proc/net/udp6',
  '/proc/net/route',
  '/proc/net/ipv6_route',
  '/proc/net/dev',
  '/proc/sys/kernel/osrelease',
] as const;

export interface HostFacts {
  /** Listening TCP sockets and bound, unconnected UDP sockets, as `listening` host ports. */
  ports: HostPort[];
  /** Destination prefixes of the host's routes (`10.0.0.0/8`, `fd00::/64`), without default and link-local. */
  routes: string[];
  /** Names of the host's network interfaces. */
  interfaces: string[];
  /** `uname -r`, e.g. `6.1.0-18-amd64`. */
  kernel?: string;
}

/**
 * Splits the output of `tail -n +1 FILE...` (each file after a `==> FILE <==` line) by file. With one file,
 * tail prints no header: the whole text is that file's.
 */
export function splitTailOutput(text: string, files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const header = /^==> (.+) <==$/gm;
  const marks = [...text.matchAll(header)];
  if (marks.length === 0) {
    if (files.length === 1 && files[0] !== undefined) out.set(files[0], text);
    return out;
  }
  marks.forEach((m, i) => {
    const start = (m.index ?? 0) + m[0].length + 1;
    const end = marks[i + 1]?.index ?? text.length;
    if (m[1] !== undefined) out.set(m[1], text.slice(start, end).replace(/\n\n$/, '\n'));
  });
  return out;
}

/** `ss -Hltnup`: who holds each listening socket, where the reader may see it (root sees all). */
export const SOCKET_OWNERS_ARGV: readonly string[] = ['ss', '-Hltnup'];

/**
 * The processes `ss -Hltnup` names for listening sockets, as `name (pid N)` by `protocol|port|address` (and by
 * `protocol|port` alone, for an address written differently). Lines without `users:` (sockets of processes the
 * reader may not see) are skipped, so those stay "a process".
 */
export function socketOwners(ssOutput: string): Map<string, string> {
  const owners = new Map<string, string>();
  for (const line of ssOutput.split('\n')) {
    const [netid, , , , local] = line.trim().split(/\s+/);
    const user = /users:\(\("((?:[^"\\]|\\.)*)",pid=(\d+)/.exec(line);
    if ((netid !== 'tcp' && netid !== 'udp') || !local || !user) continue;
    const at = local.lastIndexOf(':');
    const port = Number(local.slice(at + 1));
    const address = local
      .slice(0, at)
      .replace(/^\[|\]$/g, '')
      .replace(/%.*$/, '');
    if (!(port > 0)) continue;
    const owner = `${user[1]} (pid ${user[2]})`;
    for (const ip of address === '*' ? ['0.0.0.0', '::'] : [address])
      owners.set(`${netid}|${port}|${ip}`, owner);
    if (!owners.has(`${netid}|${port}`)) owners.set(`${netid}|${port}`, owner);
  }
  return owners;
}

/**
 * The facts of a host from the text of `HOST_FACT_FILES` (a file that could not be read is left out), with the
 * listeners named by `owners` (see `socketOwners`) where known.
 */
export function hostFactsFromProc(
  files: ReadonlyMap<string, string>,
  owners: ReadonlyMap<string, string> = new Map(),
): HostFacts {
  const text = (f: (typeof HOST_FACT_FILES)[number]) => files.get(f) ?? '';
  const le = isLittleEndian(text('/proc/net/route'));
  const kernel = text('/proc/sys/kernel/osrelease').trim();
  return {
    ports: dedupePorts([
      ...procListeners(text('/proc/net/tcp'), 'tcp', 4, le),
      ...procListeners(text('/proc/net/tcp6'), 'tcp', 6, le),
      ...procListeners(text('/proc/net/udp'), 'udp', 4, le),
      ...procListeners(text('/proc/net/udp6'), 'udp', 6, le),
    ]).map((p) => {
      const owner =
        owners.get(`${p.protocol}|${p.port}|${p.hostIp}`) ?? owners.get(`${p.protocol}|${p.port}`);
      return owner ? { ...p, owner } : p;
    }),
    routes: [
      ...new Set([...procRoutes4(text('/proc/net/route'), le), ...procRoutes6(text('/proc/net/ipv6_route'))]),
    ],
    interfaces: procInterfaces(text('/proc/net/dev')),
    ...(kernel ? { kernel } : {}),
  };
}

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/**
 * Sockets of `/proc/net/{tcp,udp}{,6}` that hold a local port for anyone: TCP in LISTEN, UDP bound and not
 * connected. Addresses are 32-bit words in host byte order; the port is big-endian hex.
 */
export function procListeners(text: string, protocol: 'tcp' | 'udp', family: 4 | 6, le = true): HostPort[] {
  const out: HostPort[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, remote, state] = line.trim().split(/\s+/);
    if (!local || !remote || state !== (protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED)) continue;
    const [addrHex, portHex] = local.split(':');
    const port = parseInt(portHex ?? '', 16);
    const hostIp = addrHex ? procAddress(addrHex, family, le) : undefined;
    if (!hostIp || !(port > 0)) continue;
    out.push({ hostIp, port, protocol, owner: 'a process', kind: 'listening' });
  }
  return out;
}

/** A route of `/proc/net/route`: its device and destination prefix (`0.0.0.0/0` for the default). */
export interface ProcRoute {
  dev: string;
  prefix: string;
}

/** `/proc/net/route` (the main IPv4 table, as `ip -4 route` shows it): every destination with its device. */
export function procRouteTable4(text: string, le = true): ProcRoute[] {
  const out: ProcRoute[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [dev, dst, , , , , , mask] = line.trim().split(/\s+/);
    if (!dev || !dst || !mask || !/^[0-9A-Fa-f]{8}$/.test(dst) || !/^[0-9A-Fa-f]{8}$/.test(mask)) continue;
    out.push({ dev, prefix: `${ipv4(word32(dst, le))}/${countBits(word32(mask, le))}` });
  }
  return out;
}

/** The destinations of the host's IPv4 routes, the default route left out. */
export const procRoutes4 = (text: string, le = true): string[] =>
  procRouteTable4(text, le)
    .map((r) => r.prefix)
    .filter((p) => !p.endsWith('/0'));

/** `/proc/net/ipv6_route`: destinations other than default, link-local, multicast, host routes and loopback. */
export function procRoutes6(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const [dst, len] = f;
    const dev = f[9];
    if (!dst || !len || !dev || dev === 'lo' || !/^[0-9a-f]{32}$/i.test(dst)) continue;
    const bits = parseInt(len, 16);
    if (bits === 0 || bits === 128 || /^fe[89ab]/i.test(dst) || /^ff/i.test(dst)) continue;
    out.push(`${ipv6(dst)}/${bits}`);
  }
  return out;
}

/** Interface names of `/proc/net/dev` (two header lines, then `name: counters`). */
export function procInterfaces(text: string): string[] {
  return text
    .split('\n')
    .slice(2)
    .map((l) => l.split(':')[0]?.trim() ?? '')
    .filter((n) => n !== '');
}

/**
 * Whether /proc's 32-bit words are little-endian: the mask of an IPv4 route with 1 to 31 bits is a run of ones
 * from the top in network order, which reads as such only in the host's own order. Little-endian (x86, arm)
 * when no route tells.
 */
function isLittleEndian(routes: string): boolean {
  for (const line of routes.split('\n').slice(1)) {
    const mask = line.trim().split(/\s+/)[7];
    if (!mask || !/^[0-9A-Fa-f]{8}$/.test(mask)) continue;
    const asBig = word32(mask, false);
    if (asBig === 0 || asBig === 0xffffffff) continue;
    return !isPrefixMask(asBig);
  }
  return true;
}

function word32(hex: string, le: boolean): number {
  const bytes = hex.match(/../g) ?? [];
  return parseInt((le ? bytes.reverse() : bytes).join(''), 16) >>> 0;
}

const isPrefixMask = (m: number) => ((~m >>> 0) & ((~m >>> 0) + 1)) === 0;
const countBits = (m: number) => m.toString(2).replace(/0/g, '').length;
const ipv4 = (v: number): string => formatAddr({ family: 4, value: BigInt(v) });

function procAddress(hex: string, family: 4 | 6, le: boolean): string | undefined {
  if (family === 4) return /^[0-9A-Fa-f]{8}$/.test(hex) ? ipv4(word32(hex, le)) : undefined;
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return undefined;
  const words = (hex.match(/.{8}/g) ?? []).map((w) => word32(w, le).toString(16).padStart(8, '0'));
  return ipv6(words.join(''));
}

/** 32 hex digits in network order as an address (RFC 5952, as Go prints it). */
const ipv6 = (hex: string): string => formatAddr({ family: 6, value: BigInt(`0x${hex}`) });

/** One entry per address, port and protocol (a socket per CPU with SO_REUSEPORT shows several times). */
function dedupePorts(ports: HostPort[]): HostPort[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.hostIp}|${p.port}|${p.protocol}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
