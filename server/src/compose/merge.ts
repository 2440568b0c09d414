import { NodeMemo } from '@switchyard/core';
import { isMap, isNull, isScalar, isSeq, str } from '../yaml/tree';
import type { PEntry, PMap, PNode, PSeq } from '../yaml/tree';

/**
 * compose-go `override.Merge` on positioned trees (reference §2.6): the later file wins for scalars,
 * mappings merge key by key, sequences are appended (duplicates are removed later, see unicity.ts), and a
 * few paths have their own rules. `!reset` drops the earlier value, `!override` replaces it. Inputs are
 * never modified: the result shares every subtree it does not combine, so each value keeps its own file's
 * span.
 */
export function mergeRoots(base: PMap, over: PMap): PMap {
  return mergeMapping(base, over, '');
}

/** `extends`: the base service merged with the extending one (`override.ExtendService`). */
export function extendService(base: PMap, service: PMap): PMap {
  return mergeService(base, service);
}

/**
 * Two bodies of one service merged (an override file's over the base's, or an extending service's over
 * its base), kept by the pair: inputs are never modified and the editor's parse cache hands back an
 * unchanged body as the same object, so after a keystroke every service the edit did not touch gets the
 * same merged body as before, and whatever is kept by body (incremental/) stays valid for it.
 */
function mergeService(base: PMap, over: PMap): PMap {
  return mergeKept(base, over, 'services.*');
}

/**
 * The same for a network, volume, config or secret defined in two files (an override file, or an
 * `include`d file that declares the base's network too): the rules' kept findings are valid while the
 * project's network definitions are the same objects (incremental/rule-inputs.ts), so a keystroke in one
 * file must not hand out a new merged definition of an unchanged network.
 */
function mergeKept(base: PMap, over: PMap, path: string): PMap {
  let memo = mergedByPath.get(path);
  if (memo === undefined) mergedByPath.set(path, (memo = new NodeMemo()));
  let byOver = memo.get(base);
  if (byOver === undefined) memo.set(base, (byOver = new WeakMap()));
  let merged = byOver.get(over);
  if (merged === undefined) byOver.set(over, (merged = mergeMapping(base, over, path)));
  return merged;
}

/** The sections' entries whose merged bodies are kept by the pair merged (mergeKept). */
const KEPT_PATHS = new Set(['services.*', 'networks.*', 'volumes.*', 'configs.*', 'secrets.*']);
const mergedByPath = new Map<string, NodeMemo<PMap, WeakMap<PMap, PMap>>>();

type Merger = (base: PNode, over: PNode, path: string) => PNode;

/** Paths whose children are names, not fields: a child path uses `*` so the special cases match. */
const NAMED_CHILDREN = new Set([
  'services',
  'networks',
  'volumes',
  'configs',
  'secrets',
  'services.*.networks',
  'services.*.ulimits',
]);

function childPath(path: string, key: string): string {
  if (path === '') return key;
  return NAMED_CHILDREN.has(path) ? `${path}.*` : `${path}.${key}`;
}

const replace: Merger = (_base, over) => over;

const SPECIAL: Record<string, Merger> = {
  'services.*.networks': (b, o, p) => mergeMapping(toMapping(b), toMapping(o), p),
  'services.*.depends_on': (b, o, p) => mergeMapping(toMapping(b), toMapping(o), p),
  'services.*.command': replace,
  'services.*.entrypoint': replace,
  'services.*.healthcheck.test': replace,
  'services.*.logging': mergeLogging,
  'services.*.environment': mergeToSequence,
  'services.*.labels': mergeToSequence,
  'services.*.annotations': mergeToSequence,
  'services.*.sysctls': mergeToSequence,
  'services.*.extra_hosts': mergeToSequence,
  'services.*.build.args': mergeToSequence,
  'services.*.build.labels': mergeToSequence,
  'services.*.deploy.labels': mergeToSequence,
  'services.*.dns': mergeToSequence,
  'services.*.dns_opt': mergeToSequence,
  'services.*.dns_search': mergeToSequence,
  'services.*.env_file': mergeToSequence,
  'services.*.tmpfs': mergeToSequence,
  'networks.*.labels': mergeToSequence,
  'networks.*.ipam.config': mergeIpamConfig,
};

function mergeMapping(base: PMap, over: PMap, path: string): PMap {
  const entries: (PEntry | undefined)[] = base.entries.slice();
  const index = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) index.set(base.entries[i]?.key ?? '', i);
  for (const oe of over.entries) {
    const i = index.get(oe.key);
    const tag = oe.value?.tag;
    if (tag === '!reset') {
      if (i !== undefined) entries[i] = undefined;
      index.delete(oe.key);
      continue;
    }
    const prev = i === undefined ? undefined : entries[i];
    if (i === undefined || prev === undefined) {
      index.set(oe.key, entries.length);
      entries.push(stripResetsEntry(oe));
      continue;
    }
    const replaceAll = tag === '!override' || oe.key.startsWith('x-');
    const value = replaceAll
      ? stripResets(oe.value)
      : mergeValue(prev.value, oe.value, childPath(path, oe.key));
    entries[i] = { key: oe.key, keySpan: oe.keySpan, value };
  }
  return { ...base, entries: entries.filter((e): e is PEntry => e !== undefined) };
}

function mergeValue(base: PNode | null, over: PNode | null, path: string): PNode | null {
  if (isNull(over)) return base ?? over;
  if (isNull(base)) return stripResets(over);
  const special = SPECIAL[path];
  if (special) return special(base, over, path);
  if (isMap(base) && isMap(over)) {
    return KEPT_PATHS.has(path) ? mergeKept(base, over, path) : mergeMapping(base, over, path);
  }
  if (isSeq(base) && isSeq(over)) return appendSeq(base, over);
  return stripResets(over);
}

function appendSeq(base: PSeq, over: PSeq): PSeq {
  return { ...base, items: [...base.items, ...over.items.map((i) => stripResets(i))] };
}

/** compose-go `convertIntoMapping`: a list of names becomes `{name: null}` (service networks, depends_on). */
function toMapping(n: PNode): PMap {
  if (isMap(n)) return n;
  if (!isSeq(n)) return { kind: 'map', entries: [], span: n.span };
  const entries: PEntry[] = [];
  for (const item of n.items) {
    const key = str(item);
    if (key !== undefined) entries.push({ key, keySpan: item.span, value: null });
  }
  return { kind: 'map', entries, span: n.span };
}

/**
 * `mergeToSequence`: two mappings merge key by key; otherwise both sides become lists of `key=value`
 * (a lone string counts as a one-item list) and are appended.
 */
function mergeToSequence(base: PNode, over: PNode, path: string): PNode {
  if (isMap(base) && isMap(over)) return mergeMapping(base, over, path);
  return appendSeq(toSequence(base), toSequence(over));
}

function toSequence(n: PNode): PSeq {
  if (isSeq(n)) return n;
  if (isScalar(n)) return { kind: 'seq', items: [n], span: n.span };
  const items: PNode[] = n.entries.map((e) => {
    const v = e.value === null ? undefined : str(e.value);
    const text = v === undefined ? e.key : `${e.key}=${v}`;
    const end = e.value?.span.end ?? e.keySpan.end;
    return {
      kind: 'scalar',
      value: text,
      source: text,
      quoted: false,
      span: { file: e.keySpan.file, start: e.keySpan.start, end },
    };
  });
  return { kind: 'seq', items, span: n.span };
}

/** A different logging driver replaces the whole logging section; the same driver merges options. */
function mergeLogging(base: PNode, over: PNode, path: string): PNode {
  if (!isMap(base) || !isMap(over)) return over;
  const driver = (m: PMap) => str(m.entries.find((e) => e.key === 'driver')?.value);
  const a = driver(base);
  const b = driver(over);
  if (a !== undefined && b !== undefined && a !== b) return over;
  return mergeMapping(base, over, path);
}

/**
 * `networks.*.ipam.config` entries merge by `subnet`: an entry with a subnet already present is merged
 * into it, any other entry is appended (so an override can leave a network with two subnets, NET152).
 */
function mergeIpamConfig(base: PNode, over: PNode, path: string): PNode {
  if (!isSeq(base) || !isSeq(over)) return over;
  const items = base.items.slice();
  const subnetOf = (n: PNode) =>
    isMap(n) ? str(n.entries.find((e) => e.key === 'subnet')?.value) : undefined;
  for (const o of over.items) {
    const subnet = subnetOf(o);
    const j = subnet === undefined ? -1 : items.findIndex((b) => subnetOf(b) === subnet);
    const target = j < 0 ? undefined : items[j];
    if (target !== undefined && isMap(target) && isMap(o)) items[j] = mergeMapping(target, o, `${path}.[]`);
    else items.push(stripResets(o));
  }
  return { ...base, items };
}

/**
 * A subtree adopted as is must not carry `!reset` entries: they mean "remove", also without a base. Each
 * subtree shared by aliases (it keeps its `entries` / `items` array) is stripped once and its result
 * shared again: stripping every share afresh would take exponential time on nested aliases.
 */
export function stripResets<T extends PNode | null>(n: T, done = new Map<unknown, unknown[]>()): T {
  if (n === null || n.kind === 'scalar') return n;
  const list: unknown[] = n.kind === 'map' ? n.entries : n.items;
  let out = done.get(list);
  if (out === undefined) {
    done.set(list, list); // an alias inside its own anchor (the parsers cut those off) stays as it is
    out = n.kind === 'map' ? stripEntries(n.entries, done) : stripItems(n.items, done);
    done.set(list, out);
  }
  if (out === list) return n;
  return (n.kind === 'map' ? { ...n, entries: out } : { ...n, items: out }) as T;
}

function stripResetsEntry(e: PEntry): PEntry {
  const value = stripResets(e.value);
  return value === e.value ? e : { ...e, value };
}

/** The same array when nothing in it changed. */
function stripItems(items: PNode[], done: Map<unknown, unknown[]>): PNode[] {
  const out = items.map((i) => stripResets(i, done));
  return out.every((v, i) => v === items[i]) ? items : out;
}

function stripEntries(entries: PEntry[], done: Map<unknown, unknown[]>): PEntry[] {
  const out: PEntry[] = [];
  let changed = false;
  for (const e of entries) {
    if (e.value?.tag === '!reset') {
      changed = true;
      continue;
    }
    const value = stripResets(e.value, done);
    changed ||= value !== e.value;
    out.push(value === e.value ? e : { ...e, value });
  }
  return changed ? out : entries;
}
