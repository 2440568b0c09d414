import type { PortRange } from './types';

/** Ports taken: a list, a set, or anything that can answer `has`. */
export type UsedPorts = Iterable<number> | { has(port: number): boolean };

export interface FreePortOptions {
  /** Lowest port to offer (default 1024, or 1 when the preferred port is privileged already). */
  min?: number;
  max?: number;
}

/**
 * A host port not in `used`, as close above `preferred` as possible (then below it), for the
 * "use a free host port" code action. Undefined when every port in [min, max] is used.
 */
export function freePort(
  used: UsedPorts,
  preferred: number,
  options: FreePortOptions = {},
): number | undefined {
  return freeRange(used, preferred, 1, options)?.start;
}

/** `count` consecutive free ports, starting as close above `preferredStart` as possible. */
export function freeRange(
  used: UsedPorts,
  preferredStart: number,
  count: number,
  options: FreePortOptions = {},
): PortRange | undefined {
  const taken = 'has' in used ? used : new Set(used);
  const min = options.min ?? (preferredStart < 1024 ? 1 : 1024);
  const max = options.max ?? 65535;
  const fits = (s: number) => {
    for (let p = s; p < s + count; p++) if (p > max || taken.has(p)) return false;
    return true;
  };
  const first = Math.min(Math.max(preferredStart, min), max);
  for (let s = first; s + count - 1 <= max; s++) if (fits(s)) return { start: s, end: s + count - 1 };
  for (let s = first - 1; s >= min; s--) if (fits(s)) return { start: s, end: s + count - 1 };
  return undefined;
}
