import { parseGoIp } from './ip';
import type { PortBinding, PortRange } from './types';

interface Addr {
  family: 4 | 6;
  key: string;
  unspecified: boolean;
  /** How Docker prints it in `Bind for <ip>:<port>`. */
  text: string;
}

const ANY4: Addr = { family: 4, key: '4/0', unspecified: true, text: '0.0.0.0' };
const ANY6: Addr = { family: 6, key: '6/0', unspecified: true, text: '::' };

/** The addresses a host IP binds: '' is both unspecified addresses; null for an unparsable IP. */
export function addressesOf(hostIp: string): Addr[] | null {
  if (hostIp === '') return [ANY4, ANY6];
  // The conflict check compares every pair of bindings; a project has few distinct host IPs.
  let known = parsed.get(hostIp);
  if (known === undefined) {
    const ip = parseGoIp(hostIp);
    known = ip ? [{ ...ip, text: hostIp }] : null;
    if (parsed.size > 4096) parsed.clear();
    parsed.set(hostIp, known);
  }
  return known;
}

const parsed = new Map<string, Addr[] | null>();

/**
 * Where two host IPs collide, per moby's port allocator: same family and equal addresses, or one of them is
 * that family's unspecified address (`0.0.0.0` covers every IPv4 address, `::` every IPv6 one). Returns the
 * address of `later` as the engine would name it in its error, or null when they do not collide.
 */
export function collidingAddress(earlierIp: string, laterIp: string): string | null {
  const a = addressesOf(earlierIp);
  const b = addressesOf(laterIp);
  if (!a || !b) return null;
  for (const x of b) {
    for (const y of a) {
      if (x.family === y.family && (x.key === y.key || x.unspecified || y.unspecified)) return x.text;
    }
  }
  return null;
}

export function rangesOverlap(a: PortRange, b: PortRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function isFixed(b: PortBinding): b is PortBinding & { hostPort: PortRange } {
  return b.hostPort !== null && b.hostPort.start === b.hostPort.end;
}

export function isDynamicRange(b: PortBinding): b is PortBinding & { hostPort: PortRange } {
  return b.hostPort !== null && b.hostPort.start !== b.hostPort.end;
}
