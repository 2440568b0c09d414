import type { PEntry, PNode, Span } from './tree';
import { editSince } from './text-edits';

/**
 * Incremental re-parsing for the editor: after a keystroke, most of a compose file is the text it was
 * before, so the entries under a top-level section (each service body, each network
 * definition) that the edit did not touch are taken from the previous parse instead of being parsed again.
 *
 * Why this is exact: fastyaml is deterministic and, while it parses one such value, it reads only the text
 * from the entry's line start up to the end of the line holding the next content after the value (the
 * look-ahead that decides the value ended), and none of the parser's state from before the entry other than
 * the indentation and depth. A value is reused only when that whole range lies in the text the edit left
 * unchanged (the common prefix, or the common suffix shifted by the edit's length change), at the same
 * indentation and depth; the parser then continues from the state the old parse recorded after it. Ranges
 * with anchors or aliases (`&`, `*`: the value would depend on, or change, other parts of the document),
 * tags (`!`), merge keys (`<<`), and anything interpolation could rewrite (`$`, or `\` escapes that could
 * spell one) are never reused, because the loader rewrites interpolated scalars in place.
 * test/unit/server/yaml/reparse.test.ts checks reuse against a full parse on random edits.
 */

/** What the parser's state was after one reusable value; offsets are in the text it was parsed from. */
export interface ValueRecord {
  /** Offset of the line the entry's key is on. */
  start: number;
  /** End of the text the value's parse depended on. */
  end: number;
  indent: number;
  depth: number;
  /** The top-level key the value is under: casts after interpolation depend on the path. */
  section: string | undefined;
  /** The whole entry (key, key span, value): reused as the same object. */
  entry: PEntry;
  after: ParserState;
}

export interface Pending {
  end: number;
  commentIndents: number[];
}

export interface ParserState {
  p: number;
  ls: number;
  lastEnd: number;
  lastKind: 'scalar' | 'empty' | 'block' | 'collection';
  pending: Pending | null;
  skippedComment: boolean;
}

/** The reusable entries of one parse. */
export interface ParseMemo {
  text: string;
  /** The text's line starts (never changed once handed out: the next parse may return the same array). */
  lineStarts: number[];
  /**
   * By the offset of their entry's line, ascending (the parse meets them in text order): a list, not a map,
   * since a keystroke makes a new memo of every entry (a map of 1,200 entries was 112 KB per keystroke).
   */
  values: ValueRecord[];
  /** The editor's mark of `text` (text-edits.ts), when it was an open document's text as edited. */
  mark?: number;
}

/** How the new text relates to the memo's: lengths of the common prefix and suffix. */
export interface Reuse {
  memo: ParseMemo;
  prefix: number;
  suffix: number;
  /** New length minus old length. */
  delta: number;
}

/**
 * Compares the texts once (or takes the editor's change ranges); undefined when nothing could be reused (identical texts are a full reuse case too). */
export function reuseFor(memo: ParseMemo | undefined, text: string): Reuse | undefined {
  if (memo === undefined || memo.values.length === 0) return undefined;
  const old = memo.text;
  // The editor's change ranges, when they tell how this text came from the memo's (text-edits.ts).
  const edit = editSince(memo.mark, text);
  if (edit !== undefined)
    return { memo, prefix: edit.prefix, suffix: edit.suffix, delta: text.length - old.length };
  const max = Math.min(old.length, text.length);
  const prefix = commonPrefix(old, text, max);
  const suffix = commonSuffix(old, text, max - prefix);
  return { memo, prefix, suffix, delta: text.length - old.length };
}

/** Compared a block at a time (native string equality), then a character at a time in the block that differs. */
const BLOCK = 2048;

function commonPrefix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (
    n + BLOCK <= max &&
    a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)
  ) {
    n += BLOCK;
  }
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/** The old record for an entry whose line starts at `start` in the new text, if its range is unchanged. */
export function reusable(
  reuse: Reuse,
  start: number,
  indent: number,
  depth: number,
): ValueRecord | undefined {
  const { memo, prefix, suffix, delta } = reuse;
  let rec: ValueRecord | undefined;
  if (start < prefix) {
    rec = recordAt(memo.values, start);
    // The last value read up to the end of the text (its end is the length + 1): that holds when the text
    // is the same one (another file of the project was edited), and then it is the same value.
    const same = prefix === memo.text.length && delta === 0;
    if (rec === undefined || (rec.end > prefix && !same)) return undefined;
  } else {
    const oldStart = start - delta;
    if (oldStart < memo.text.length - suffix) return undefined;
    rec = recordAt(memo.values, oldStart);
  }
  if (rec === undefined || rec.indent !== indent || rec.depth !== depth) return undefined;
  return rec;
}

/** The record whose entry's line starts at `start` (binary search: the list is by `start`, ascending). */
function recordAt(values: ValueRecord[], start: number): ValueRecord | undefined {
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const rec = values[mid] as ValueRecord;
    if (rec.start === start) return rec;
    if (rec.start < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** Whether a value parsed from `text[start, end)` may be reused later (see the module comment). */
export function mayReuse(text: string, start: number, end: number): boolean {
  // A regular expression on the slice (a view, not a copy) runs as native code from the first parse on; a
  // loop over the characters ran interpreted over the whole of a 1 MB file's first parse.
  if (start >= end) return true;
  if (NOT_REUSABLE.test(text.slice(start, end))) return false;
  // The first < of a << that the range ends on.
  return !(text.charCodeAt(end - 1) === 60 && text.charCodeAt(end) === 60);
}

/** $ & * ! \ and << */
const NOT_REUSABLE = /[$&*!\\]|<</;

/** A record moved by `shift` characters (the entry's spans are moved separately, once the parse succeeded). */
export function shifted(rec: ValueRecord, shift: number): ValueRecord {
  if (shift === 0) return rec;
  const a = rec.after;
  return {
    ...rec,
    start: rec.start + shift,
    end: rec.end + shift,
    after: {
      ...a,
      p: a.p + shift,
      ls: a.ls + shift,
      lastEnd: a.lastEnd + shift,
      pending: a.pending === null ? null : { ...a.pending, end: a.pending.end + shift },
    },
  };
}

/**
 * Moves every span of a reused subtree in place. The subtree belongs to the previous parse of the same file
 * for the same project, which the new parse replaces; within it no span object is shared (ranges with
 * aliases and merge keys are never reused), so each span moves once.
 */
export function shiftSpans(node: PNode, shift: number): void {
  move(node.span, shift);
  if (node.kind === 'map') {
    for (const e of node.entries) {
      move(e.keySpan, shift);
      if (e.value !== null) shiftSpans(e.value, shift);
    }
  } else if (node.kind === 'seq') {
    for (const item of node.items) shiftSpans(item, shift);
  }
}

/** Moves a reused section entry: its key's span and every span of its value. */
export function shiftEntry(e: PEntry, shift: number): void {
  move(e.keySpan, shift);
  if (e.value !== null) shiftSpans(e.value, shift);
}

function move(span: Span, shift: number): void {
  span.start += shift;
  span.end += shift;
}

/**
 * The new text's line starts from the old text's: the same before the change, shifted after it, scanned in
 * between. The old array itself when no line break moved (a keystroke within a line that keeps its length).
 */
export function updatedLineStarts(reuse: Reuse, text: string): number[] {
  const { memo, prefix, suffix, delta } = reuse;
  const old = memo.lineStarts;
  const oldSuffixFrom = memo.text.length - suffix;
  // Line start s follows the line break at s - 1; sort the old ones by where that break is.
  let before = 0;
  while (before < old.length && (old[before] ?? 0) - 1 < prefix) before++;
  let after = before;
  while (after < old.length && (old[after] ?? 0) - 1 < oldSuffixFrom) after++;
  const fresh: number[] = [];
  for (
    let i = text.indexOf('\n', prefix);
    i >= 0 && i < text.length - suffix;
    i = text.indexOf('\n', i + 1)
  ) {
    fresh.push(i + 1);
  }
  if (delta === 0 && after === before && fresh.length === 0) return old;
  const out = old.slice(0, before);
  for (const s of fresh) out.push(s);
  for (let k = after; k < old.length; k++) out.push((old[k] ?? 0) + delta);
  return out;
}
