import { NodeMemo } from '@switchyard/core';
import { detached } from './detached';
/**
 * The positioned YAML tree every rule reads. A node keeps the span of its own text in its own file, so a
 * tree merged from several files (override, extends, include) still points each value at the file and the
 * place it was written.
 */

/** Half-open range of UTF-16 offsets into one file's text. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export type ScalarValue = string | number | boolean | null;

export interface PScalar {
  kind: 'scalar';
  /** The value after YAML typing and ${VAR} interpolation. */
  value: ScalarValue;
  /** The source text of the scalar, before interpolation, without quotes. */
  source: string;
  /** True when written in quotes or as a block scalar (always a string). */
  quoted: boolean;
  /** Variables this scalar interpolated; `unset` are those that were not set and had no default. */
  vars?: { name: string; unset: boolean }[];
  tag?: string;
  span: Span;
}

export interface PEntry {
  key: string;
  keySpan: Span;
  /** null when the key has no value (`networks:` with nothing after it). */
  value: PNode | null;
}

export interface PMap {
  kind: 'map';
  entries: PEntry[];
  tag?: string;
  span: Span;
}

export interface PSeq {
  kind: 'seq';
  items: PNode[];
  tag?: string;
  span: Span;
}

export type PNode = PScalar | PMap | PSeq;

/**
 * What the parsers build: a node or entry that is its own span. It carries `file`, `start` and `end` (of the
 * node, or of an entry's key), and its `span` (`keySpan`) is the object itself, so a parsed tree holds no
 * separate span objects (at 136,000 services that was 950,000 objects of 48 bytes, live from the load on).
 * Readers see the same `span.file`, `span.start`, `span.end`, and the same span object on every read; a
 * span someone builds (`{ file, start, end }`) is as good. Copying a span must copy its three fields, not
 * spread it (a spread of a parsed node's span copies the node).
 */
type OwnSpan = Span & { span: Span };

/** A parsed scalar (see `OwnSpan`). */
export function scalarNode(
  value: ScalarValue,
  source: string,
  quoted: boolean,
  file: string,
  start: number,
  end: number,
): PScalar {
  const n = { kind: 'scalar' as const, value, source, quoted, file, start, end, span: NO_SPAN };
  n.span = n;
  return n;
}

/** A parsed mapping (see `OwnSpan`). */
export function mapNode(entries: PEntry[], file: string, start: number, end: number): PMap {
  const n = { kind: 'map' as const, entries, file, start, end, span: NO_SPAN };
  n.span = n;
  return n;
}

/** A parsed sequence (see `OwnSpan`). */
export function seqNode(items: PNode[], file: string, start: number, end: number): PSeq {
  const n = { kind: 'seq' as const, items, file, start, end, span: NO_SPAN };
  n.span = n;
  return n;
}

/** A parsed entry: `start` and `end` are its key's, and it is its own `keySpan`. */
export function entryNode(
  key: string,
  value: PNode | null,
  file: string,
  start: number,
  end: number,
): PEntry {
  const e = { key, keySpan: NO_SPAN, value, file, start, end };
  e.keySpan = e;
  return e;
}

/**
 * A parsed node with some fields changed (a tag, an alias's place), its own span again: a plain spread
 * would point the copy's span at the original node.
 */
export function changedNode(
  node: PNode,
  changes: Partial<PScalar> | Partial<PMap> | Partial<PSeq>,
  at: Span,
): PNode {
  const n = { ...node, ...changes, file: at.file, start: at.start, end: at.end, span: NO_SPAN } as PNode &
    OwnSpan;
  n.span = n;
  return n;
}

/** The placeholder a node's own span replaces at once (one shape from the start). */
const NO_SPAN: Span = Object.freeze({ file: '', start: 0, end: 0 }) as Span;

export function isMap(n: PNode | null | undefined): n is PMap {
  return n?.kind === 'map';
}
export function isSeq(n: PNode | null | undefined): n is PSeq {
  return n?.kind === 'seq';
}
export function isScalar(n: PNode | null | undefined): n is PScalar {
  return n?.kind === 'scalar';
}

/**
 * A YAML null as Compose reads it: a key with nothing after it (`networks:`), or a plain `null` / `~`
 * scalar. A quoted `"null"` or a tagged one is a string, not a null.
 */
export function isNull(n: PNode | null | undefined): n is null | PScalar {
  return n === null || (isScalar(n) && n.value === null && !n.quoted && n.tag === undefined);
}

/** The entry for `key` in a map (the last one wins, as in YAML loaders that allow duplicates). */
export function entry(map: PNode | null | undefined, key: string): PEntry | undefined {
  if (!isMap(map)) return undefined;
  const list = map.entries;
  if (list.length <= SCAN_LIMIT) {
    for (let i = list.length - 1; i >= 0; i--) {
      const e = list[i];
      if (e !== undefined && e.key === key) return e;
    }
    return undefined;
  }
  const i = keyIndex(map, list).get(key);
  return i === undefined ? undefined : list[i];
}

/**
 * Up to this many entries a scan is cheaper than a hash lookup (measured on generated projects: a 13-key
 * service body scans in about half the time); bigger maps (`services:`, `networks:`) get an index.
 */
const SCAN_LIMIT = 24;

interface KeyIndex {
  list: PEntry[];
  length: number;
  /** Key -> position of its last entry in `list`. */
  byKey: Map<string, number>;
}

/**
 * Rules look keys up in the same big maps over and over (every service by name, on every keystroke), so a
 * map's keys are indexed on first lookup. Trees are not changed after load; the index still checks that the
 * entries array is the same one, at the same length, and rebuilds otherwise.
 */
const keyIndexes = new NodeMemo<PMap, KeyIndex>();

/**
 * The keys, in order, of the last few maps indexed, with their index: after a keystroke the editor's parse
 * hands back a new `services:` map with the same keys at the same positions (one body changed), and its
 * index is the last one's; comparing the keys costs no allocation, building a map of 1,000 keys ~70 KB
 * per keystroke. Only copies of the keys are kept, so no tree and no text is held alive by this.
 */
const recentIndexes: { keys: string[]; byKey: Map<string, number> }[] = [];
const RECENT_INDEXES = 4;

function keyIndex(map: PMap, list: PEntry[]): Map<string, number> {
  const known = keyIndexes.get(map);
  if (known !== undefined && known.list === list && known.length === list.length) return known.byKey;
  let byKey = recentIndexOf(list);
  if (byKey === undefined) {
    byKey = new Map<string, number>();
    for (let i = 0; i < list.length; i++) byKey.set((list[i] as PEntry).key, i); // later entries overwrite: last wins
    recentIndexes.unshift({ keys: list.map((e) => detached(e.key)), byKey });
    if (recentIndexes.length > RECENT_INDEXES) recentIndexes.pop();
  }
  keyIndexes.set(map, { list, length: list.length, byKey });
  return byKey;
}

function recentIndexOf(list: PEntry[]): Map<string, number> | undefined {
  for (const r of recentIndexes) {
    const keys = r.keys;
    if (keys.length !== list.length) continue;
    let i = 0;
    while (i < keys.length && keys[i] === (list[i] as PEntry).key) i++;
    if (i === keys.length) return r.byKey;
  }
  return undefined;
}

/**
 * Whether a key is written twice in the map: a small map is scanned, a big one (`services:` of 100,000)
 * answers from its key index, the one `entry()` uses, instead of a set of its own.
 */
export function hasRepeatedKeys(map: PMap): boolean {
  const list = map.entries;
  if (list.length > SCAN_LIMIT) return keyIndex(map, list).size !== list.length;
  for (let i = 1; i < list.length; i++) {
    const key = list[i]?.key;
    for (let j = 0; j < i; j++) if (list[j]?.key === key) return true;
  }
  return false;
}

export function get(map: PNode | null | undefined, key: string): PNode | null | undefined {
  return entry(map, key)?.value;
}

/** Follows a path of keys through nested maps. */
export function at(node: PNode | null | undefined, ...path: string[]): PNode | null | undefined {
  let cur: PNode | null | undefined = node;
  for (const k of path) cur = get(cur, k);
  return cur;
}

/** A scalar's value as a string (numbers and booleans as YAML would print them); undefined otherwise. */
export function str(n: PNode | null | undefined): string | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  return String(n.value);
}

/** Truthiness as Compose casts it: true/`true`/`yes`/`on`/`y`. */
export function bool(n: PNode | null | undefined): boolean | undefined {
  if (!isScalar(n) || n.value === null) return undefined;
  if (typeof n.value === 'boolean') return n.value;
  const s = String(n.value).toLowerCase();
  if (['true', 'yes', 'y', 'on'].includes(s)) return true;
  if (['false', 'no', 'n', 'off'].includes(s)) return false;
  return undefined;
}

/** A syntax error the parser reports, where it is. */
export interface YamlSyntaxError {
  message: string;
  span: Span;
}

/** What parsing one text gives: its tree, its syntax errors, its line index (both parsers build the same). */
export interface ParsedYaml {
  /** The first document's root, or null when the text holds no document. */
  root: PNode | null;
  errors: YamlSyntaxError[];
  lineStarts: number[];
}

/** A span of its own: the three fields of `s` (which may be a parsed node, see `OwnSpan`). */
export function plainSpan(s: Span): Span {
  return { file: s.file, start: s.start, end: s.end };
}

/**
 * A finding whose places are spans of their own, not parsed nodes: what analysis and loading hand out (a
 * node's span is the node, which `JSON.stringify` cannot write and which would keep the tree alive).
 */
export function withPlainSpans<F extends { at: Span; related?: { at: Span; message: string }[] }>(f: F): F {
  const related = f.related;
  return {
    ...f,
    at: plainSpan(f.at),
    ...(related === undefined ? {} : { related: related.map((r) => ({ ...r, at: plainSpan(r.at) })) }),
  };
}
