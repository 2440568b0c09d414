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

const PORTS = 65536;

/**
 * `freeRange` for many questions over one set of taken ports (a conflict check asks once per clash): built
 * once, it knows for every port the next and previous free and taken port, so a question costs the free runs
 * it jumps over instead of a scan of the port space. `alsoFree` is a taken port that counts as free for one
 * question (the asker's own port).
 */
export class FreePortIndex {
  private readonly nextFree = new Int32Array(PORTS + 1);
  private readonly nextTaken = new Int32Array(PORTS + 1);
  private readonly prevFree = new Int32Array(PORTS);
  private readonly prevTaken = new Int32Array(PORTS);

  constructor(isTaken: (port: number) => boolean) {
    const taken = new Uint8Array(PORTS);
    for (let p = 0; p < PORTS; p++) taken[p] = isTaken(p) ? 1 : 0;
    this.nextFree[PORTS] = PORTS;
    this.nextTaken[PORTS] = PORTS;
    for (let p = PORTS - 1; p >= 0; p--) {
      this.nextFree[p] = taken[p] ? (this.nextFree[p + 1] ?? PORTS) : p;
      this.nextTaken[p] = taken[p] ? p : (this.nextTaken[p + 1] ?? PORTS);
    }
    for (let p = 0; p < PORTS; p++) {
      this.prevFree[p] = taken[p] ? (p > 0 ? (this.prevFree[p - 1] ?? -1) : -1) : p;
      this.prevTaken[p] = taken[p] ? p : p > 0 ? (this.prevTaken[p - 1] ?? -1) : -1;
    }
  }

  /** What `freeRange(used, preferredStart, count, options)` answers, with `alsoFree` not used. */
  range(
    preferredStart: number,
    count: number,
    alsoFree = -1,
    options: FreePortOptions = {},
  ): PortRange | undefined {
    const min = options.min ?? (preferredStart < 1024 ? 1 : 1024);
    const max = options.max ?? 65535;
    const first = Math.min(Math.max(preferredStart, min), max);
    const q = new Question(this.nextFree, this.nextTaken, this.prevFree, this.prevTaken, alsoFree);
    // Upward: the first free port at or above `first` that starts a long enough free run.
    for (let s = q.nextFree(first); s + count - 1 <= max; s = q.nextFree(q.nextTaken(s))) {
      if (q.nextTaken(s) - s >= count) return { start: s, end: s + count - 1 };
    }
    // Downward: the highest run end below `first` with `count` free ports up to it.
    for (let e = q.prevFree(Math.min(first - 1 + count - 1, max)); e - count + 1 >= min;) {
      if (q.prevTaken(e) < e - count + 1) return { start: e - count + 1, end: e };
      e = q.prevFree(q.prevTaken(e));
    }
    return undefined;
  }
}

/** The four lookups of one question, with its own port counted free. */
class Question {
  constructor(
    private readonly nf: Int32Array,
    private readonly nt: Int32Array,
    private readonly pf: Int32Array,
    private readonly pt: Int32Array,
    private readonly own: number,
  ) {}

  nextFree(p: number): number {
    if (p >= PORTS) return PORTS;
    const x = this.nf[Math.max(p, 0)] ?? PORTS;
    return this.own >= p && this.own < x ? this.own : x;
  }

  nextTaken(p: number): number {
    if (p >= PORTS) return PORTS;
    const x = this.nt[Math.max(p, 0)] ?? PORTS;
    return x === this.own ? this.nextTaken(x + 1) : x;
  }

  prevFree(p: number): number {
    if (p < 0) return -1;
    const x = this.pf[Math.min(p, PORTS - 1)] ?? -1;
    return this.own <= p && this.own > x ? this.own : x;
  }

  prevTaken(p: number): number {
    if (p < 0) return -1;
    const x = this.pt[Math.min(p, PORTS - 1)] ?? -1;
    return x === this.own && x >= 0 ? this.prevTaken(x - 1) : x;
  }
}
