import type { Finding, FixHint, Related } from '../finding';
import { FreePortIndex } from './free';
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
  /**
   * Past this many findings of one code (NET090, NET109, NET110, NET112, NET158), a further one is only
   * counted in `beyond`: its message, related places and fix are never built. A caller that shows at most
   * that many per code loses nothing; 50,000 clashes built in full were most of a big project's port work.
   */
  maxFindingsPerCode?: number;
}

/** The findings, and by code how many more were found past `maxFindingsPerCode`. */
export interface CountedConflicts<R> {
  findings: Finding<R>[];
  beyond: Map<string, number>;
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
  return findPortConflictsCounted(bindings, options).findings;
}

/** `findPortConflicts` that also says how many findings of each code `maxFindingsPerCode` left unbuilt. */
export function findPortConflictsCounted<R>(
  bindings: readonly OwnedBinding<R>[],
  options: ConflictOptions<R> = {},
): CountedConflicts<R> {
  const ctx = new Ctx(bindings, options);
  // Only bindings that share a protocol and a port can clash: the fixed ones are indexed by protocol and
  // port, the ranges kept sorted by start, and each binding is paired with earlier candidates only, at
  // most MAX_CANDIDATES of them (design rule 11: 2,000 services on one port must not take 2,000² pairs).
  const fixedByPort: FixedByPort<R> = new Map();
  const ranges: OwnedBinding<R>[] = [];
  // Each binding's place, read only to order the fixed ports inside a range: built on the first range
  // (a project of 136,000 fixed ports has none, and no map of them).
  let order: Map<OwnedBinding<R>, number> | undefined;
  const orderUpTo = (i: number): Map<OwnedBinding<R>, number> => {
    if (order === undefined) {
      order = new Map();
      for (let j = 0; j <= i; j++) {
        const x = bindings[j];
        if (x?.hostPort) order.set(x, j);
      }
    }
    return order;
  };
  // The fixed bindings no range past the candidate bound has been paired with yet: made on the first such
  // range, from the index above.
  let unpaired: UnpairedFixed<R> | undefined;
  bindings.forEach((b, i) => {
    if (!b.hostPort) return;
    order?.set(b, i);
    if (unpaired !== undefined && isFixed(b)) unpaired.added(b.protocol, b.hostPort.start);
    if (isFixed(b) && !b.direct) ctx.replicas(b);
    const fixed = isFixed(b);
    let onPorts = fixed ? fixedByPort.get(b.protocol) : undefined;
    if (fixed && onPorts === undefined) fixedByPort.set(b.protocol, (onPorts = new Map()));
    const port = b.hostPort.start;
    const same = onPorts?.get(port);
    if (fixed) {
      const candidates = same ?? [];
      for (let j = 0; j < candidates.length && j < MAX_CANDIDATES && !ctx.suppressed.has(b); j++) {
        ctx.pair(must(candidates[j]), b);
      }
      if (candidates.length > MAX_CANDIDATES) ctx.beyondCandidates(b, candidates.length - MAX_CANDIDATES);
      // Pairing is bounded; the overlapping ranges past the bound are counted, so the summary stays exact.
      let paired = 0;
      let beyond = 0;
      for (const a of ranges) {
        if (!rangesOverlap(a.hostPort ?? b.hostPort, b.hostPort)) continue;
        if (paired < MAX_CANDIDATES) {
          paired++;
          ctx.pair(a, b);
        } else beyond++;
      }
      if (beyond > 0) ctx.beyondCandidates(b, beyond);
    } else if (isDynamicRange(b)) {
      const inside = fixedInside(fixedByPort, b, orderUpTo(i));
      for (const a of inside) ctx.pair(a, b);
      // Past the bound, the range meets the fixed bindings inside it that no such range has met yet, each
      // once (so no two ranges walk the same fixed binding twice): every fixed port inside some range gets
      // its NET112, or is counted in its port's summary, however many there are.
      if (inside.length >= MAX_CANDIDATES) {
        unpaired ??= new UnpairedFixed(fixedByPort);
        const seen = new Set(inside);
        unpaired.take(b.protocol, b.hostPort, (a) => {
          if (!seen.has(a)) ctx.pair(a, b);
        });
      }
    }
    if (isDynamicRange(b) && !b.direct) ctx.capacity(b, i);
    if (!fixed) ranges.push(b);
    // A second binding on a port makes a list of two (a push onto the list of one would keep room for 17:
    // 68,000 clashing ports); nothing holds the list of one past this turn.
    else if (same?.length === 1) onPorts?.set(port, [must(same[0]), b]);
    else if (same) same.push(b);
    else onPorts?.set(port, [b]);
  });
  ctx.summarize();
  return { findings: ctx.findings, beyond: ctx.beyond };
}

/**
 * At most this many earlier bindings are paired with each binding (per port, and again for ranges); a
 * binding past that many on one port is only counted in the summary of the port's findings.
 */
const MAX_CANDIDATES = 100;
/** Findings of one kind on one port, and places in one finding's related information, before a summary. */
const MAX_PER_PORT = 20;
const MAX_RELATED = 20;
const MAX_RELATED_TOTAL = 5000;
/** Bindings a range's capacity check reads (those starting inside it); past that its demand is a lower bound. */
const MAX_SCAN = 2000;

/** The findings of one code on one protocol and host port (`port` -1: a binding without one). */
interface PortEntry<R> {
  count: number;
  last: Finding<R> | undefined;
  more?: Set<R>;
  port: number;
  protocol: string;
}

function addTo<R>(entry: PortEntry<R> | undefined, f: Finding<R>): void {
  if (entry === undefined) return;
  entry.count++;
  entry.last = f;
}

/**
 * The fixed bindings by protocol, then by host port (a number: a key string per binding was a string
 * built and hashed for each of 136,000 bindings), each list in the order they are written.
 */
type FixedByPort<R> = Map<string, Map<number, OwnedBinding<R>[]>>;

/** Host ports 0-65535. */
const PORT_COUNT = 65536;

/**
 * Which fixed bindings of `fixedByPort` (by protocol and port) have not been handed to a range past the
 * candidate bound yet: a bit per port that has some (found with a word scan, not a walk over every port),
 * and per port how many of its list were handed out. Each binding is handed out once.
 */
class UnpairedFixed<R> {
  private readonly bits = new Map<string, Uint32Array>();
  private readonly handed = new Map<string, Map<number, number>>();

  constructor(private readonly fixedByPort: FixedByPort<R>) {
    for (const [protocol, onPorts] of fixedByPort)
      for (const port of onPorts.keys()) this.added(protocol, port);
  }

  /** A fixed binding was (or is about to be) added to `fixedByPort` on this port. */
  added(protocol: string, port: number): void {
    let bits = this.bits.get(protocol);
    if (bits === undefined) this.bits.set(protocol, (bits = new Uint32Array(2048)));
    bits[port >>> 5] = (bits[port >>> 5] ?? 0) | (1 << (port & 31));
  }

  /** Hands every binding of `protocol` on a port in `range` not handed out before to `visit`. */
  take(protocol: string, range: PortRange, visit: (a: OwnedBinding<R>) => void): void {
    const bits = this.bits.get(protocol);
    if (bits === undefined) return;
    const onPorts = this.fixedByPort.get(protocol);
    let handed = this.handed.get(protocol);
    if (handed === undefined) this.handed.set(protocol, (handed = new Map()));
    for (let w = range.start >>> 5; w <= range.end >>> 5; w++) {
      let word = bits[w] ?? 0;
      while (word !== 0) {
        const low = word & -word;
        word &= word - 1;
        const port = w * 32 + 31 - Math.clz32(low);
        if (port < range.start || port > range.end) continue;
        bits[w] = (bits[w] ?? 0) & ~low;
        const list = onPorts?.get(port) ?? [];
        for (let j = handed.get(port) ?? 0; j < list.length; j++) visit(must(list[j]));
        handed.set(port, list.length);
      }
    }
  }
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('index out of range');
  return v;
}

/**
 * The earlier fixed bindings of `b`'s protocol whose port lies in b's range, in the order they were
 * written (so the first clash of each is the one its message names), at most MAX_CANDIDATES of them.
 */
function fixedInside<R>(
  fixedByPort: FixedByPort<R>,
  b: OwnedBinding<R> & { hostPort: PortRange },
  order: Map<OwnedBinding<R>, number>,
): OwnedBinding<R>[] {
  const found: OwnedBinding<R>[] = [];
  const take = (list: OwnedBinding<R>[] | undefined) => {
    for (let j = 0; list && j < list.length && found.length < MAX_CANDIDATES; j++) found.push(must(list[j]));
  };
  const onPorts = fixedByPort.get(b.protocol);
  if (onPorts === undefined) return found;
  // Which walk is taken decides which MAX_CANDIDATES are found: by the count of fixed ports of every protocol.
  let ports = 0;
  for (const m of fixedByPort.values()) ports += m.size;
  if (rangeSize(b.hostPort) <= ports) {
    for (let p = b.hostPort.start; p <= b.hostPort.end && found.length < MAX_CANDIDATES; p++) {
      take(onPorts.get(p));
    }
  } else {
    for (const list of onPorts.values()) {
      if (found.length >= MAX_CANDIDATES) break;
      const first = list[0];
      if (first?.hostPort && rangesOverlap(first.hostPort, b.hostPort)) take(list);
    }
  }
  return found.sort((x, y) => (order.get(x) ?? 0) - (order.get(y) ?? 0));
}

class Ctx<R> {
  findings: Finding<R>[] = [];
  /**
   * The finding of each code at each place. Most places have one (68,000 clashes made a map each): it is
   * kept alone, and a map holds them, in the order they came, from the second code on.
   */
  private seen = new Map<R, Finding<R> | Map<string, Finding<R>>>();
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
    if (this.known(b.at, always ? 'NET110' : 'NET158')) return;
    if (this.overCap(always ? 'NET110' : 'NET158')) return this.countOnly(b, always ? 'NET110' : 'NET158');
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
    a: OwnedBinding<R> & { hostPort: PortRange },
    b: OwnedBinding<R> & { hostPort: PortRange },
    ip: string,
    when: CoActivity,
  ) {
    const port = b.hostPort.start;
    const direct = a.direct ? a : b.direct ? b : undefined;
    // The finding lands where a fix can help: on the publisher, never on the host-mode service (its process
    // listens where it listens, whatever its `ports:` say), so also when the host-mode service is written last.
    const at = direct === b ? a : b;
    const other = at === b ? a : b;
    const code = direct ? 'NET090' : when === 'always' ? 'NET109' : 'NET158';
    const here = {
      at: other.at,
      message: other.direct
        ? `${other.owner} listens on host port ${port}/${other.protocol} here (network_mode: host)`
        : `${other.owner} publishes host port ${port}/${other.protocol} here`,
    };
    // A range mapping clashes once per port at one place: only the first clash is worth a free-port search.
    if (this.known(at.at, code)) return this.relate(at.at, code, here, `${port}/${at.protocol}`);
    if (this.portFull(at, code)) return;
    if (this.overCap(code)) return this.countOnly(at, code, other.at);
    const message = direct
      ? `${direct.owner} uses network_mode: host and listens on host port ${port}/${at.protocol} itself, ` +
        `which ${at.owner} also publishes${profileNote(a, b)}; the second to start fails with "address already in use"`
      : `Bind for ${ip}:${port} failed: port is already allocated: ${a.owner} already publishes host port ` +
        `${port}/${b.protocol}${profileNote(a, b)}`;
    const free = this.freeRangeFor(at, 1);
    this.emit(at, other.at, {
      code,
      severity: code === 'NET109' ? 'error' : 'warning',
      message: free ? `${message}; use a free host port such as ${free.start}` : message,
      at: at.at,
      related: [here],
      ...this.fixFor(at, free),
    });
  }

  /** NET112: which of the two gets the port depends on the order the engine allocates them. */
  private fixedInRange(a: OwnedBinding<R>, b: OwnedBinding<R>) {
    const fixed = isFixed(a) ? a : b;
    const range = fixed === a ? b : a;
    if (!fixed.hostPort || !range.hostPort) return;
    const port = fixed.hostPort.start;
    const here = {
      at: range.at,
      message: `${range.owner} publishes the range ${formatRange(range.hostPort)} here`,
    };
    if (this.known(fixed.at, 'NET112'))
      return this.relate(fixed.at, 'NET112', here, formatRange(range.hostPort));
    if (this.portFull(fixed, 'NET112')) return;
    if (this.overCap('NET112')) return this.countOnly(fixed, 'NET112', range.at);
    const free = this.freeRangeFor(fixed, 1);
    this.emit(fixed, range.at, {
      code: 'NET112',
      severity: 'warning',
      message:
        `host port ${port}/${fixed.protocol} of ${fixed.owner} lies inside the range ${formatRange(range.hostPort)} ` +
        `that ${range.owner} publishes; whichever starts second may fail or move, depending on allocation order`,
      at: fixed.at,
      related: [here],
      ...this.fixFor(fixed, free),
    });
  }

  /** NET111: a range must hold one port per replica plus the fixed ports others take inside it. */
  capacity(b: OwnedBinding<R> & { hostPort: PortRange }, index: number): void {
    let demand = b.replicas;
    // Only the first takers are named (MAX_RELATED); all are counted.
    const takers: Related<R>[] = [];
    let takerCount = 0;
    const taker = (at: R, message: () => string) => {
      takerCount++;
      if (takers.length < MAX_RELATED) takers.push({ at, message: message() });
    };
    const fixedInside = new Set<number>();
    const size = rangeSize(b.hostPort);
    const found = this.startingIn(b.protocol, b.hostPort);
    let truncated = found.truncated;
    for (const j of found.picked) {
      // Once the range is shown too small and the related list is full, more takers change nothing shown.
      if (demand + fixedInside.size > size && takers.length >= MAX_RELATED && takerCount > MAX_SCAN / 10) {
        truncated = true;
        break;
      }
      const o = this.bindings[j];
      if (o === undefined || j === index || !o.hostPort) continue;
      if (collidingAddress(o.hostIp, b.hostIp) === null || this.coActivity(o, b) === 'never') continue;
      if (isFixed(o) && rangesOverlap(o.hostPort, b.hostPort)) {
        const port = o.hostPort.start;
        if (!fixedInside.has(port)) taker(o.at, () => `${o.owner} takes ${port}`);
        fixedInside.add(o.hostPort.start);
      } else if (
        isDynamicRange(o) &&
        o.hostPort.start >= b.hostPort.start &&
        o.hostPort.end <= b.hostPort.end
      ) {
        demand += o.replicas;
        taker(o.at, () => `${o.owner} also draws from this range`);
      }
    }
    demand += fixedInside.size;
    if (demand <= size) return;
    this.emit(b, null, {
      code: 'NET111',
      severity: 'warning',
      message:
        `host port range ${formatRange(b.hostPort)}/${b.protocol} of ${b.owner} has ${size} ports but ` +
        `${truncated ? 'at least ' : ''}${demand} ` +
        `are needed (${b.replicas} replica${b.replicas === 1 ? '' : 's'}` +
        `${takerCount ? ` plus ${truncated ? 'at least ' : ''}${takerCount} other binding${takerCount === 1 ? '' : 's'}` : ''}); ` +
        `the engine will fail with "all ports are allocated"`,
      at: b.at,
      ...(takers.length ? { related: this.someRelated(takers) } : {}),
    });
  }

  /** Allocator bindings of each protocol (their indexes), sorted by the first host port they ask for. */
  private byStart = new Map<string, { starts: number[]; indexes: number[] }>();

  /**
   * The bindings that can draw from `range` (a fixed port inside it, a range inside it: both start in it),
   * in the order they are written, at most MAX_SCAN of them; `truncated` when there were more.
   */
  private startingIn(protocol: string, range: PortRange): { picked: number[]; truncated: boolean } {
    let sorted = this.byStart.get(protocol);
    if (!sorted) {
      const indexes: number[] = [];
      this.bindings.forEach((o, j) => {
        if (o.protocol === protocol && o.hostPort && !o.direct) indexes.push(j);
      });
      const startOf = (j: number) => this.bindings[j]?.hostPort?.start ?? 0;
      indexes.sort((x, y) => startOf(x) - startOf(y) || x - y);
      sorted = { starts: indexes.map(startOf), indexes };
      this.byStart.set(protocol, sorted);
    }
    const { starts, indexes } = sorted;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] ?? 0) < range.start) lo = mid + 1;
      else hi = mid;
    }
    const picked: number[] = [];
    let k = lo;
    for (; k < starts.length && (starts[k] ?? 0) <= range.end && picked.length < MAX_SCAN; k++) {
      picked.push(indexes[k] ?? 0);
    }
    picked.sort((x, y) => x - y);
    return { picked, truncated: k < starts.length && (starts[k] ?? 0) <= range.end };
  }

  private known(at: R, code: string): boolean {
    return this.seenAt(at, code) !== undefined;
  }

  private seenAt(at: R, code: string): Finding<R> | undefined {
    const s = this.seen.get(at);
    if (s instanceof Map) return s.get(code);
    return s?.code === code ? s : undefined;
  }

  /** The first finding made at a place. */
  private firstSeen(at: R): Finding<R> | undefined {
    const s = this.seen.get(at);
    return s instanceof Map ? s.values().next().value : s;
  }

  private remember(at: R, f: Finding<R>): void {
    const s = this.seen.get(at);
    if (s instanceof Map) s.set(f.code, f);
    else if (s === undefined || s.code === f.code) this.seen.set(at, f);
    else
      this.seen.set(
        at,
        new Map([
          [s.code, s],
          [f.code, f],
        ]),
      );
  }

  /** The first of `takers` that the related budgets leave room for (at least one). */
  private someRelated(takers: Related<R>[]): Related<R>[] {
    const n = Math.max(1, Math.min(takers.length, MAX_RELATED, this.relatedLeft));
    this.relatedLeft -= n;
    return takers.slice(0, n);
  }

  /** Places all findings may still add to their related information (each has one of its own). */
  private relatedLeft = MAX_RELATED_TOTAL;

  /** Places past MAX_RELATED in one finding, by finding, with what they publish. */
  private hidden = new Map<Finding<R>, { count: number; what: string }>();

  /** Another place joins the finding at `at`: in its related information, or counted past MAX_RELATED. */
  private relate(at: R, code: string, extra: Related<R>, what: string): void {
    const f = this.seenAt(at, code);
    if (!f || f.related?.some((r) => r.at === extra.at)) return;
    if ((f.related?.length ?? 0) < MAX_RELATED && this.relatedLeft > 0) {
      this.relatedLeft--;
      (f.related ??= []).push(extra);
      return;
    }
    const h = this.hidden.get(f);
    if (h) h.count++;
    else this.hidden.set(f, { count: 1, what });
  }

  /**
   * Findings of one code per protocol and port so far (how many, and the last one: all that the cap and the
   * summary read), and the clashes past MAX_PER_PORT; by code, protocol and port (-1: none). Numbers as
   * keys and no list per port: 68,000 clashing ports made a key string, a port string and a list each.
   */
  private perPort = new Map<string, Map<string, Map<number, PortEntry<R>>>>();

  private portEntry(code: string, b: OwnedBinding<R>, create: boolean): PortEntry<R> | undefined {
    let byProtocol = this.perPort.get(code);
    if (byProtocol === undefined) {
      if (!create) return undefined;
      this.perPort.set(code, (byProtocol = new Map()));
    }
    let byPort = byProtocol.get(b.protocol);
    if (byPort === undefined) {
      if (!create) return undefined;
      byProtocol.set(b.protocol, (byPort = new Map()));
    }
    const port = b.hostPort ? b.hostPort.start : -1;
    let entry = byPort.get(port);
    if (entry === undefined && create) {
      byPort.set(port, (entry = { count: 0, last: undefined, port, protocol: b.protocol }));
    }
    return entry;
  }

  /** Bindings left out of a full port's findings: pairing them with more candidates would add nothing. */
  readonly suppressed = new Set<OwnedBinding<R>>();

  /** True (and counted) when the port of `b` has MAX_PER_PORT findings of `code` already. */
  private portFull(b: OwnedBinding<R>, code: string): boolean {
    const entry = this.portEntry(code, b, true) as PortEntry<R>;
    if (entry.count < MAX_PER_PORT) return false;
    (entry.more ??= new Set()).add(b.at);
    this.suppressed.add(b);
    return true;
  }

  /** Bindings on b's port past MAX_CANDIDATES were not paired with b: counted like a full port. */
  beyondCandidates(b: OwnedBinding<R>, count: number): void {
    const f = this.firstSeen(b.at);
    if (!f) return;
    const h = this.hidden.get(f);
    if (h) h.count += count;
    else this.hidden.set(f, { count, what: b.hostPort ? `${b.hostPort.start}/${b.protocol}` : b.protocol });
  }

  /** Says what the caps left out: "and 1,998 more services publish 8080/tcp". */
  summarize(): void {
    for (const [f, h] of this.hidden) {
      f.message += `; and ${h.count.toLocaleString('en-US')} more place${h.count === 1 ? ' publishes' : 's publish'} ${h.what}`;
    }
    for (const byProtocol of this.perPort.values()) {
      for (const byPort of byProtocol.values()) {
        for (const entry of byPort.values()) {
          const last = entry.last;
          const more = entry.more?.size ?? 0;
          if (!last || more === 0) continue;
          const n = more.toLocaleString('en-US');
          const what = entry.port < 0 ? `/${entry.protocol}` : `${entry.port}/${entry.protocol}`;
          last.message += `; and ${n} more place${more === 1 ? ' publishes' : 's publish'} ${what} (not reported one by one)`;
        }
      }
    }
  }

  /**
   * One finding per place and code: a range mapping repeats for every port and a binding may clash with
   * several others; the first clash is the message, the other places join its related information.
   */
  private emit(b: OwnedBinding<R>, other: R | null, f: Finding<R>) {
    const earlier = this.seenAt(b.at, f.code);
    if (!earlier) {
      this.remember(b.at, f);
      this.findings.push(f);
      this.built.set(f.code, (this.built.get(f.code) ?? 0) + 1);
      if (b.hostPort && f.code !== 'NET111') addTo(this.portEntry(f.code, b, false), f);
      return;
    }
    const extra = f.related?.[0];
    if (other === null || !extra || earlier.related?.some((r) => r.at === other)) return;
    (earlier.related ??= []).push(extra);
  }

  /** Findings built so far, by code; and those past `maxFindingsPerCode`, counted only. */
  private built = new Map<string, number>();
  readonly beyond = new Map<string, number>();

  private overCap(code: string): boolean {
    const max = this.options.maxFindingsPerCode;
    return max !== undefined && (this.built.get(code) ?? 0) >= max;
  }

  /**
   * A finding past the cap: counted, and kept as a bare placeholder where the caps and the related budget
   * look (`seen`, the port's list, the place it names first), so that every finding still built comes out
   * exactly as without the cap.
   */
  private countOnly(b: OwnedBinding<R>, code: string, first?: R): void {
    const f: Finding<R> = { code, severity: 'warning', message: '', at: b.at };
    if (first !== undefined) f.related = [{ at: first, message: '' }];
    this.remember(b.at, f);
    if (b.hostPort) addTo(this.portEntry(code, b, false), f);
    this.beyond.set(code, (this.beyond.get(code) ?? 0) + 1);
  }

  /**
   * How many bindings ask for each host port (0-65535), by protocol; built once, for suggesting free ports.
   * Each binding adds one at its first port and takes one off past its last, and a running sum reads the
   * counts: one pass whatever the ranges' widths (2,000 ranges of 65,535 ports were 131 million map writes).
   */
  private demand = new Map<string, { counts: Int32Array; index: FreePortIndex }>();

  private demandOf(protocol: string): { counts: Int32Array; index: FreePortIndex } {
    const known = this.demand.get(protocol);
    if (known) return known;
    const steps = new Int32Array(PORT_COUNT + 1);
    const ask = (start: number, end: number) => {
      const from = Math.max(0, start);
      const to = Math.min(PORT_COUNT - 1, end);
      if (from > to) return;
      steps[from] = (steps[from] ?? 0) + 1;
      steps[to + 1] = (steps[to + 1] ?? 0) - 1;
    };
    for (const p of this.options.used ?? []) ask(p, p);
    for (const o of this.bindings) {
      if (o.protocol === protocol && o.hostPort) ask(o.hostPort.start, o.hostPort.end);
    }
    const counts = new Int32Array(PORT_COUNT);
    let running = 0;
    for (let p = 0; p < PORT_COUNT; p++) counts[p] = running += steps[p] ?? 0;
    const built = { counts, index: new FreePortIndex((p) => (counts[p] ?? 0) > 0) };
    this.demand.set(protocol, built);
    return built;
  }

  /**
   * A free port (or `count` of them) near b's own, where nobody but b itself asks for a port. Callers ask
   * for fixed bindings only: b's own port is free for it when b is the only one asking for it.
   */
  private freeRangeFor(b: OwnedBinding<R>, count: number): PortRange | undefined {
    const { counts, index } = this.demandOf(b.protocol);
    const own = b.hostPort?.start ?? 8080;
    return index.range(own, count, b.hostPort && counts[own] === 1 ? own : -1);
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
