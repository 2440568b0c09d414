import type { Finding, FixHint, Related } from '../finding';
import { freePort, freeRange } from './free';
import { collidingAddress, isDynamicRange, isFixed, rangesOverlap } from './overlap';
import { formatRange, rangeSize } from './range';
import type { PortBinding, PortRange } from './types';

/** A binding together with who asks for it and where it is written. */
export interface OwnedBinding<R> extends PortBinding {
  /** How messages name the holder: `service "web"`, a container name, … */
  owner: string;
  /** Identity of the service: replicas of one service share every binding of it. */
  service: string;
  /** Containers the service runs (scale / deploy.replicas); each binds the same ports. */
  replicas: number;
  /** Profiles that enable the service; empty means always enabled. */
  profiles: readonly string[];
  /** Binds the port itself (network_mode: host) instead of going through the engine's port allocator. */
  direct?: boolean;
  at: R;
}

/** When two services can run at the same time. */
export type CoActivity = 'always' | 'profiles' | 'never';

export interface ConflictOptions<R> {
  /** Ports known to be taken elsewhere (for example on the host), kept out of suggested fixes. */
  used?: Iterable<number>;
  /** Builds the fix for a binding given a free port or range; default replaces the value with the port. */
  fix?: (binding: OwnedBinding<R>, free: PortRange) => FixHint | undefined;
  coActivity?: (a: OwnedBinding<R>, b: OwnedBinding<R>) => CoActivity;
}

/**
 * Services without profiles always run together; a profile-less service runs with any other, and so do
 * services sharing a profile, but only when that profile is enabled. Services with disjoint profiles are
 * treated as alternatives (dev versus prod) and never checked against each other.
 */
export function defaultCoActivity<R>(a: OwnedBinding<R>, b: OwnedBinding<R>): CoActivity {
  if (a.profiles.length === 0 && b.profiles.length === 0) return 'always';
  if (a.service === b.service) return 'profiles';
  if (a.profiles.length === 0 || b.profiles.length === 0) return 'profiles';
  return a.profiles.some((p) => b.profiles.includes(p)) ? 'profiles' : 'never';
}

/**
 * The host-port conflict algorithm of compose-rules.md §5 (moby's port allocator): NET109 between two
 * fixed bindings, NET110 between replicas of one service, NET111 for a range too small for its demand,
 * NET112 for a fixed port inside another binding's range, NET090 for a host-mode service, NET158 when the
 * clash only happens with some profiles enabled. One finding per pair of places, at the later binding.
 */
export function findPortConflicts<R>(
  bindings: readonly OwnedBinding<R>[],
  options: ConflictOptions<R> = {},
): Finding<R>[] {
  const ctx = new Ctx(bindings, options);
  // Only bindings that share a protocol and a port can clash: index the fixed ones by protocol and port,
  // keep the (rare) ranges in a list, and pair each binding with the earlier candidates only.
  const fixedByPort = new Map<string, OwnedBinding<R>[]>();
  const ranges: OwnedBinding<R>[] = [];
  const earlier: OwnedBinding<R>[] = [];
  bindings.forEach((b, i) => {
    if (!b.hostPort) return;
    if (isFixed(b) && !b.direct) ctx.replicas(b);
    const key = `${b.protocol}/${b.hostPort.start}`;
    const fixed = isFixed(b);
    const same = fixed ? fixedByPort.get(key) : undefined;
    if (fixed) {
      for (const a of same ?? []) ctx.pair(a, b);
      for (const a of ranges) ctx.pair(a, b);
    } else {
      for (const a of earlier) ctx.pair(a, b);
    }
    if (isDynamicRange(b) && !b.direct) ctx.capacity(b, i);
    if (!fixed) ranges.push(b);
    else if (same) same.push(b);
    else fixedByPort.set(key, [b]);
    earlier.push(b);
  });
  return ctx.findings;
}

class Ctx<R> {
  findings: Finding<R>[] = [];
  private seen = new Map<R, Map<string, Finding<R>>>();
  private coActivity: (a: OwnedBinding<R>, b: OwnedBinding<R>) => CoActivity;

  constructor(
    private bindings: readonly OwnedBinding<R>[],
    private options: ConflictOptions<R>,
  ) {
    this.coActivity = options.coActivity ?? defaultCoActivity;
  }

  /** NET110: every replica of a service asks for the same fixed port. */
  replicas(b: OwnedBinding<R> & { hostPort: PortRange }): void {
    if (b.replicas <= 1) return;
    const port = b.hostPort.start;
    const ip = collidingAddress(b.hostIp, b.hostIp) ?? b.hostIp;
    const always = b.profiles.length === 0;
    const range = this.freeRangeFor(b, b.replicas);
    this.emit(b, null, {
      code: always ? 'NET110' : 'NET158',
      severity: always ? 'error' : 'warning',
      message:
        `Bind for ${ip}:${port} failed: port is already allocated: ${b.owner} runs ${b.replicas} replicas and ` +
        `each binds host port ${port}/${b.protocol}${profileNote(b, b)}; publish a range such as ` +
        `${range ? formatRange(range) : `${port}-${port + b.replicas - 1}`} or leave the host port empty`,
      at: b.at,
      ...this.fixFor(b, range),
    });
  }

  pair(a: OwnedBinding<R>, b: OwnedBinding<R>): void {
    if (a.protocol !== b.protocol || !a.hostPort || !b.hostPort) return;
    if (a.direct && b.direct) return;
    if (!rangesOverlap(a.hostPort, b.hostPort)) return;
    const ip = collidingAddress(a.hostIp, b.hostIp);
    if (ip === null) return;
    const when = this.coActivity(a, b);
    if (when === 'never') return;
    if (isFixed(a) && isFixed(b)) this.fixedClash(a, b, ip, when);
    else if (isFixed(a) !== isFixed(b) && !a.direct && !b.direct) this.fixedInRange(a, b);
  }

  private fixedClash(
    a: OwnedBinding<R>,
    b: OwnedBinding<R> & { hostPort: PortRange },
    ip: string,
    when: CoActivity,
  ) {
    const port = b.hostPort.start;
    const direct = a.direct ? a : b.direct ? b : undefined;
    const other = direct === a ? b : a;
    const code = direct ? 'NET090' : when === 'always' ? 'NET109' : 'NET158';
    const message = direct
      ? `${direct.owner} uses network_mode: host and listens on host port ${port}/${b.protocol} itself, ` +
        `which ${other.owner} also publishes${profileNote(a, b)}; the second to start fails with "address already in use"`
      : `Bind for ${ip}:${port} failed: port is already allocated: ${a.owner} already publishes host port ` +
        `${port}/${b.protocol}${profileNote(a, b)}`;
    const free = this.freeRangeFor(b, 1);
    this.emit(b, a.at, {
      code,
      severity: code === 'NET109' ? 'error' : 'warning',
      message: free ? `${message}; use a free host port such as ${free.start}` : message,
      at: b.at,
      related: [{ at: a.at, message: `${a.owner} publishes host port ${port}/${a.protocol} here` }],
      ...this.fixFor(b, free),
    });
  }

  /** NET112: which of the two gets the port depends on the order the engine allocates them. */
  private fixedInRange(a: OwnedBinding<R>, b: OwnedBinding<R>) {
    const fixed = isFixed(a) ? a : b;
    const range = fixed === a ? b : a;
    if (!fixed.hostPort || !range.hostPort) return;
    const port = fixed.hostPort.start;
    const free = this.freeRangeFor(fixed, 1);
    this.emit(fixed, range.at, {
      code: 'NET112',
      severity: 'warning',
      message:
        `host port ${port}/${fixed.protocol} of ${fixed.owner} lies inside the range ${formatRange(range.hostPort)} ` +
        `that ${range.owner} publishes; whichever starts second may fail or move, depending on allocation order`,
      at: fixed.at,
      related: [
        { at: range.at, message: `${range.owner} publishes the range ${formatRange(range.hostPort)} here` },
      ],
      ...this.fixFor(fixed, free),
    });
  }

  /** NET111: a range must hold one port per replica plus the fixed ports others take inside it. */
  capacity(b: OwnedBinding<R> & { hostPort: PortRange }, index: number): void {
    let demand = b.replicas;
    const takers: Related<R>[] = [];
    const fixedInside = new Set<number>();
    this.bindings.forEach((o, j) => {
      if (j === index || o.protocol !== b.protocol || !o.hostPort || o.direct) return;
      if (collidingAddress(o.hostIp, b.hostIp) === null || this.coActivity(o, b) === 'never') return;
      if (isFixed(o) && rangesOverlap(o.hostPort, b.hostPort)) {
        if (!fixedInside.has(o.hostPort.start))
          takers.push({ at: o.at, message: `${o.owner} takes ${o.hostPort.start}` });
        fixedInside.add(o.hostPort.start);
      } else if (
        isDynamicRange(o) &&
        o.hostPort.start >= b.hostPort.start &&
        o.hostPort.end <= b.hostPort.end
      ) {
        demand += o.replicas;
        takers.push({ at: o.at, message: `${o.owner} also draws from this range` });
      }
    });
    demand += fixedInside.size;
    const size = rangeSize(b.hostPort);
    if (demand <= size) return;
    this.emit(b, null, {
      code: 'NET111',
      severity: 'warning',
      message:
        `host port range ${formatRange(b.hostPort)}/${b.protocol} of ${b.owner} has ${size} ports but ${demand} ` +
        `are needed (${b.replicas} replica${b.replicas === 1 ? '' : 's'}` +
        `${takers.length ? ` plus ${takers.length} other binding${takers.length === 1 ? '' : 's'}` : ''}); ` +
        `the engine will fail with "all ports are allocated"`,
      at: b.at,
      ...(takers.length ? { related: takers } : {}),
    });
  }

  /**
   * One finding per place and code: a range mapping repeats for every port and a binding may clash with
   * several others; the first clash is the message, the other places join its related information.
   */
  private emit(b: OwnedBinding<R>, other: R | null, f: Finding<R>) {
    let byCode = this.seen.get(b.at);
    if (!byCode) this.seen.set(b.at, (byCode = new Map()));
    const earlier = byCode.get(f.code);
    if (!earlier) {
      byCode.set(f.code, f);
      this.findings.push(f);
      return;
    }
    const extra = f.related?.[0];
    if (other === null || !extra || earlier.related?.some((r) => r.at === other)) return;
    (earlier.related ??= []).push(extra);
  }

  /** How many bindings ask for each host port, by protocol; built once, for suggesting free ports. */
  private demand = new Map<string, Map<number, number>>();

  private demandOf(protocol: string): Map<number, number> {
    let counts = this.demand.get(protocol);
    if (counts) return counts;
    counts = new Map();
    for (const p of this.options.used ?? []) counts.set(p, (counts.get(p) ?? 0) + 1);
    for (const o of this.bindings) {
      if (o.protocol !== protocol || !o.hostPort) continue;
      for (let p = o.hostPort.start; p <= o.hostPort.end; p++) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    this.demand.set(protocol, counts);
    return counts;
  }

  /** A free port (or `count` of them) near b's own, where nobody but b itself asks for a port. */
  private freeRangeFor(b: OwnedBinding<R>, count: number): PortRange | undefined {
    const counts = this.demandOf(b.protocol);
    const own = (p: number) => (b.hostPort && p >= b.hostPort.start && p <= b.hostPort.end ? 1 : 0);
    const used = { has: (p: number) => (counts.get(p) ?? 0) - own(p) > 0 };
    const start = b.hostPort?.start ?? 8080;
    if (count > 1) return freeRange(used, start, count);
    const p = freePort(used, start);
    return p === undefined ? undefined : { start: p, end: p };
  }

  private fixFor(b: OwnedBinding<R>, free: PortRange | undefined): { fix?: FixHint } {
    if (!free) return {};
    const fix = this.options.fix
      ? this.options.fix(b, free)
      : {
          kind: 'replace' as const,
          title: `Use free host port ${formatRange(free)}`,
          text: formatRange(free),
        };
    return fix ? { fix } : {};
  }
}

function profileNote<R>(a: OwnedBinding<R>, b: OwnedBinding<R>): string {
  const profiles = [...new Set([...a.profiles, ...b.profiles])];
  return profiles.length
    ? ` when profile${profiles.length > 1 ? 's' : ''} ${profiles.join(', ')} ${profiles.length > 1 ? 'are' : 'is'} enabled`
    : '';
}
