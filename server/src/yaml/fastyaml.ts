import { fitted } from '@switchyard/core';
import { mergeKeyEntries } from './merge-keys';
import type { ParsedYaml } from './tree';
import { fold, resolvePlain, unescapeDouble } from './yaml-scalars';
import { lineStarts } from './positions';
import type { PEntry, PMap, PNode, PScalar, PSeq, ScalarValue } from './tree';
import { changedNode, entryNode, mapNode, scalarNode, seqNode } from './tree';
import { detached } from './detached';
import { mayReuse, reusable, shiftEntry, shifted, updatedLineStarts } from './reparse';
import type { ParseMemo, Reuse, ValueRecord } from './reparse';

/**
 * A hand-written parser for the YAML that compose files are made of: block mappings and sequences, flow
 * collections, plain / quoted / block scalars, comments, anchors, aliases, merge keys and local tags
 * (`!reset`, `!override`). It builds exactly the tree that the `yaml`-package path of parse.ts builds (same
 * values, spans, sources, tags), at least ten times faster (bench/yaml), because the editor re-parses on every keystroke.
 *
 * It is deliberately partial: on anything outside that subset, and on anything that might be an error, it
 * gives up (returns undefined) and the caller uses the `yaml` package, so error messages and every corner
 * of the YAML spec stay the `yaml` package's. test/unit/server/yaml/fastyaml.test.ts checks the two paths agree.
 */
export function fastParseYaml(text: string, file: string): ParsedYaml | undefined {
  // Without a cache to keep it in, the memo of section entries would be built only to be dropped.
  return fastParseWithMemo(text, file, undefined, false)?.parsed;
}

/**
 * `fastParseYaml` that reuses the unchanged values of a previous parse (reparse.ts) and returns what the
 * next parse may reuse. A value is reused as the same object, its spans moved in place: the previous tree
 * must not be used after this returns a result.
 */
export function fastParseWithMemo(
  text: string,
  file: string,
  reuse: Reuse | undefined,
  keepMemo = true,
): { parsed: ParsedYaml; memo: ParseMemo; reused: number; parsedAfresh: number } | undefined {
  // Tabs, CR, BOM, control characters and the YAML 1.1 line breaks all need the full parser. A memo is
  // only made from a text without them, so after an edit only the changed middle needs looking at.
  const changed = reuse === undefined ? text : text.slice(reuse.prefix, text.length - reuse.suffix);
  if (UNSUPPORTED.test(changed)) return undefined;
  try {
    const parser = new FastParser(text, file, reuse, keepMemo);
    const parsed = parser.document();
    return { parsed, memo: parser.memo(), reused: parser.reused, parsedAfresh: parser.parsedAfresh };
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

// eslint-disable-next-line no-control-regex
const UNSUPPORTED = /[\u0000-\u0009\u000b-\u001f\u007f\u0085\u2028\u2029\ufeff]/;

// Character codes, local to this module: imported constants become property reads in some module loaders,
// and these are read for every character.
const NL = 10;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

const BAIL = new Error('fastyaml: outside the supported subset');
function bail(): never {
  throw BAIL;
}

interface Pending {
  end: number;
  commentIndents: number[];
}

interface Props {
  anchor?: string;
  /** Where the anchor is declared: an alias refers to the latest declaration before it. */
  anchorAt?: number;
  tag?: string;
}

const NO_PROPS: Props = {};

const MAX_DEPTH = 40;

/** `ownKey`: keys up to this long are shared, and at most this many distinct ones per parse. */
const KEY_INTERN_LENGTH = 24;
const KEY_TABLE_LIMIT = 2048;

class FastParser {
  private p = 0;
  /** Offset of the start of the line `p` is on. */
  private ls = 0;
  /** Where the last parsed block value ends, as the `yaml` package counts it (after its line break). */
  private lastEnd = 0;
  /** What the last parsed value was; it decides who owns the comment lines after it. */
  private lastKind: 'scalar' | 'empty' | 'block' | 'collection' = 'scalar';
  /** Trailing blank and comment lines a closed collection handed to its parent (the `yaml` parser's pop). */
  private pending: Pending | null = null;
  /** Whether the last skipBlank passed a comment line. */
  private skippedComment = false;
  private readonly n: number;
  private readonly anchors = new Map<string, PNode>();
  private readonly keyTable = new Map<string, string>();
  private readonly anchorAt = new Map<string, number>();
  /** Anchors whose node is still being parsed: an alias to one would be a cycle. */
  private readonly open: string[] = [];

  /** Values of the sections' entries, for the next parse to reuse. */
  private readonly records: ValueRecord[] = [];
  /** Section entries whose value was taken from the previous parse, and those parsed (for the benchmark). */
  reused = 0;
  parsedAfresh = 0;
  /** Reused values and how far their spans move, applied once the whole parse succeeded. */
  private readonly moves: { entry: PEntry; shift: number }[] = [];
  private lines: number[] = [];
  /** The key of the top-level entry being parsed: a reused value must stay in the same section. */
  private section: string | undefined;

  constructor(
    private readonly t: string,
    private readonly file: string,
    private readonly reuse?: Reuse,
    private readonly keepMemo = true,
  ) {
    this.n = t.length;
  }

  document(): ParsedYaml {
    this.skipBlank();
    let root: PNode | null = null;
    if (this.p < this.n) {
      root = this.blockNodeAtLineStart(-1, 0);
      this.skipBlank();
      if (this.p < this.n) bail();
    }
    for (const m of this.moves) shiftEntry(m.entry, m.shift);
    this.lines = this.reuse === undefined ? lineStarts(this.t) : updatedLineStarts(this.reuse, this.t);
    return { root, errors: [], lineStarts: this.lines };
  }

  memo(): ParseMemo {
    return { text: this.t, lineStarts: this.lines, values: this.records };
  }

  // ---- reuse of unchanged section entries (reparse.ts) -------------------------------------------

  /**
   * The section entry whose key line starts at `start` (`p` at its key), taken whole from the previous parse
   * (key, key span and value, as the same objects) when its range is unchanged, else parsed.
   */
  private sectionEntry(start: number, indent: number, depth: number): PEntry {
    const section = this.section;
    const old = this.reuse === undefined ? undefined : reusable(this.reuse, start, indent, depth);
    if (old !== undefined && old.section === section) {
      const shift = start - old.start;
      const rec = shifted(old, shift);
      if (shift !== 0) this.moves.push({ entry: rec.entry, shift });
      const a = rec.after;
      this.p = a.p;
      this.ls = a.ls;
      this.lastEnd = a.lastEnd;
      this.lastKind = a.lastKind;
      this.pending = a.pending;
      this.skippedComment = a.skippedComment;
      this.records.push(rec);
      this.reused++;
      return rec.entry;
    }
    this.parsedAfresh++;
    const key = this.key();
    const value = this.valueAfterIndicator(indent, true, depth);
    const e: PEntry = entryNode(key.key, value, this.file, key.start, key.end);
    if (!this.keepMemo) return e;
    const end = this.lookAheadEnd();
    if (mayReuse(this.t, start, end)) {
      const after = {
        p: this.p,
        ls: this.ls,
        lastEnd: this.lastEnd,
        lastKind: this.lastKind,
        pending: this.pending,
        skippedComment: this.skippedComment,
      };
      this.records.push({ start, end, indent, depth, section, entry: e, after });
    }
    return e;
  }

  /**
   * The end of the line holding the next content after `p`: as far as a value's parse may have looked.
   * Past the end of the text when it got there, since then the value also depends on the text ending.
   */
  private lookAheadEnd(): number {
    const t = this.t;
    let i = this.p;
    for (;;) {
      while (t.charCodeAt(i) === SPACE) i++;
      if (i >= this.n) return this.n + 1;
      const c = t.charCodeAt(i);
      const nl = t.indexOf('\n', i);
      if (nl < 0) return this.n + 1;
      if (c !== NL && c !== HASH) return nl + 1;
      i = nl + 1;
    }
  }

  /** Strings of fresh values in an incremental parse must not pin the whole new text (reparse.ts). */
  private own(s: string): string {
    return this.reuse === undefined ? s : detached(s);
  }

  /**
   * A key as one string per distinct text: `image` and `ports` written under 136,000 services are otherwise
   * 272,000 strings of their own (24 bytes each, kept with the tree). Short keys only, and at most
   * KEY_TABLE_LIMIT of them (the first service names fill it: the keys repeated under each are met first).
   */
  private ownKey(s: string): string {
    if (s.length > KEY_INTERN_LENGTH) return this.own(s);
    const known = this.keyTable.get(s);
    if (known !== undefined) return known;
    const key = this.own(s);
    if (this.keyTable.size < KEY_TABLE_LIMIT) this.keyTable.set(key, key);
    return key;
  }

  // ---- whitespace, lines, comments -------------------------------------------------------------------

  private col(): number {
    return this.p - this.ls;
  }

  private skipSpaces(): void {
    while (this.t.charCodeAt(this.p) === SPACE) this.p++;
  }

  /** At a line break, a comment or the end: nothing more on this line. */
  private atLineEnd(): boolean {
    const c = this.t.charCodeAt(this.p);
    return this.p >= this.n || c === NL || c === HASH;
  }

  /** After a value on its line: only spaces and a comment may follow; records the value's end. */
  private endLine(): void {
    this.skipSpaces();
    if (this.p < this.n && this.t.charCodeAt(this.p) !== NL) {
      // A comment must be separated from the value by a space.
      if (this.t.charCodeAt(this.p) !== HASH || this.t.charCodeAt(this.p - 1) !== SPACE) bail();
      this.toLineBreak();
    }
    this.lastEnd = this.p < this.n ? this.p + 1 : this.n;
    this.lastKind = 'scalar';
  }

  private toLineBreak(): void {
    const nl = this.t.indexOf('\n', this.p);
    this.p = nl < 0 ? this.n : nl;
  }

  /** Moves to the first character of the next line with content, skipping blank and comment lines. */
  private skipBlank(): void {
    this.skippedComment = false;
    for (;;) {
      this.skipSpaces();
      const c = this.t.charCodeAt(this.p);
      if (this.p >= this.n) return;
      if (c === HASH) {
        this.skippedComment = true;
        this.toLineBreak();
        continue;
      }
      if (c !== NL) break;
      this.p++;
      this.ls = this.p;
    }
    if (this.col() === 0 && this.isDocumentMarker()) bail();
  }

  private isDocumentMarker(): boolean {
    const t = this.t;
    const c = t.charCodeAt(this.p);
    if (c === 37 /* % */) return true;
    if (c !== DASH && c !== 46 /* . */) return false;
    return (
      t.startsWith(c === DASH ? '---' : '...', this.p) &&
      isBlankOrEnd(t.charCodeAt(this.p + 3), this.p + 3, this.n)
    );
  }

  /**
   * Closes a block collection at `indent` whose next content (at a smaller indentation) or the end of the
   * text is at `this.p`, the way the `yaml` package's parser and composer place its end: returns the span
   * end (its range[1], the last value's node end) and leaves in `lastEnd` its node end (range[2]).
   *
   * The blank and comment lines between the last value and the next content belong to the innermost
   * collection: after a scalar or flow value, comment lines indented deeper than the collection join the
   * value (until a shallower comment); after an empty value, a comment anywhere takes all of them into
   * the value; the rest is a trailing item that stays when it holds a comment at or deeper than the
   * collection's indentation (the collection's node end moves to the next content) and otherwise moves on
   * to the parent, as `Parser.pop` does.
   */
  private closeCollection(indent: number): number {
    const regionEnd = this.p < this.n ? this.p : this.n;
    let valueEnd = this.lastEnd;
    let pending: Pending | null = null;
    switch (this.lastKind) {
      case 'collection':
        pending = this.pending;
        break;
      case 'empty':
        if (this.hasCommentLine(valueEnd, regionEnd)) valueEnd = regionEnd;
        break;
      case 'block':
        pending = this.pendingIn(valueEnd, regionEnd);
        break;
      case 'scalar':
        valueEnd = this.absorbComments(valueEnd, regionEnd, indent);
        pending = this.pendingIn(valueEnd, regionEnd);
        break;
    }
    let nodeEnd = valueEnd;
    if (pending !== null && indent !== 0 && pending.commentIndents.some((k) => k >= indent)) {
      nodeEnd = pending.end;
      pending = null;
    }
    this.pending = pending;
    this.lastEnd = nodeEnd;
    this.lastKind = 'collection';
    return valueEnd;
  }

  /** Comment lines indented deeper than `indent` right after a value (blank lines between) join it. */
  private absorbComments(from: number, to: number, indent: number): number {
    const t = this.t;
    let i = from;
    let absorbed = from;
    while (i < to) {
      let j = i;
      while (t.charCodeAt(j) === SPACE) j++;
      if (j >= to) break;
      const c = t.charCodeAt(j);
      if (c === NL) {
        i = j + 1;
        continue;
      }
      if (c !== HASH || j - i <= indent) break;
      const nl = t.indexOf('\n', j);
      absorbed = nl < 0 || nl + 1 > to ? to : nl + 1;
      i = absorbed;
    }
    return absorbed;
  }

  /** The trailing item made of the lines in [from, to), with the indentation of each comment line. */
  private pendingIn(from: number, to: number): Pending | null {
    if (from >= to) return null;
    const t = this.t;
    const commentIndents: number[] = [];
    let i = from;
    while (i < to) {
      let j = i;
      while (t.charCodeAt(j) === SPACE) j++;
      if (j < to && t.charCodeAt(j) === HASH) commentIndents.push(j - i);
      const nl = t.indexOf('\n', j);
      if (nl < 0) break;
      i = nl + 1;
    }
    return { end: to, commentIndents };
  }

  /** Whether a comment line starts between `from` and `to`. */
  private hasCommentLine(from: number, to: number): boolean {
    // Only blank and comment lines lie in between, so any `#` starts a comment.
    for (let i = from; i < to; i++) if (this.t.charCodeAt(i) === HASH) return true;
    return false;
  }

  // ---- block structure -------------------------------------------------------------------------------

  /** A node that starts at the first content character of a line, indented deeper than `parentIndent`. */
  private blockNodeAtLineStart(parentIndent: number, depth: number): PNode {
    if (depth > MAX_DEPTH) bail();
    const c = this.t.charCodeAt(this.p);
    if (c === DASH && this.isBlankAt(this.p + 1)) return this.blockSeq(this.col(), false, depth);
    if (this.isKeyStart()) return this.blockMap(this.col(), depth);
    // A scalar on a line of its own may run on over the next lines (or a key may): only at the top.
    if (parentIndent >= 0 || c === 38 /* & */ || c === 33 /* ! */) bail();
    return this.inlineNode(parentIndent, true, depth);
  }

  private isBlankAt(i: number): boolean {
    return isBlankOrEnd(this.t.charCodeAt(i), i, this.n);
  }

  /**
   * A node whose first character is on the current line after an indicator (or at a line start).
   * `valueOnly` forbids the compact collections a sequence item may hold (`- a: 1`, `- - x`).
   */
  private inlineNode(ownerIndent: number, valueOnly: boolean, depth: number): PNode {
    const t = this.t;
    const c = t.charCodeAt(this.p);
    if (c === DASH && this.isBlankAt(this.p + 1)) {
      if (valueOnly) bail();
      return this.blockSeq(this.col(), false, depth + 1);
    }
    if (!valueOnly && this.isKeyStart()) return this.blockMap(this.col(), depth + 1);
    let node: PNode;
    if (c === 124 /* | */ || c === 62 /* > */) return this.blockScalar(ownerIndent);
    if (c === 91 /* [ */ || c === 123 /* { */) node = this.flowCollection(ownerIndent, depth + 1);
    else if (c === 42 /* * */) node = this.alias(false);
    else if (c === 34 /* " */ || c === 39 /* ' */) node = this.quoted();
    else node = this.plainBlock();
    this.skipSpaces();
    if (t.charCodeAt(this.p) === COLON) bail(); // an implicit key where a value was expected
    this.endLine();
    return node;
  }

  private blockMap(indent: number, depth: number): PMap {
    if (depth > MAX_DEPTH) bail();
    const start = this.p;
    const entries: PEntry[] = [];
    let merged: PEntry[] | undefined;
    const section = depth === 1 && indent > 0;
    for (;;) {
      let e: PEntry;
      if (section) e = this.sectionEntry(this.ls, indent, depth);
      else {
        const key = this.key();
        if (depth === 0) this.section = key.key;
        e = entryNode(key.key, this.valueAfterIndicator(indent, true, depth), this.file, key.start, key.end);
      }
      if (e.key === '<<' && e.value !== null)
        for (const m of mergeKeyEntries(e.value)) (merged ??= []).push(m);
      else entries.push(e);
      this.skipBlank();
      const c = this.col();
      if (this.p >= this.n || c < indent) return this.mapNode(start, indent, entries, merged);
      if (c > indent) bail();
      if (this.t.charCodeAt(this.p) === DASH && this.isBlankAt(this.p + 1)) bail();
      if (!this.isKeyStart()) bail();
    }
  }

  private mapNode(start: number, indent: number, entries: PEntry[], merged?: PEntry[]): PMap {
    const all = merged === undefined ? fitted(entries) : [...merged, ...entries];
    return mapNode(all, this.file, start, this.closeCollection(indent));
  }

  /** `endsAtKey`: the sequence is a mapping value at the mapping's own indentation, so a key ends it. */
  private blockSeq(indent: number, endsAtKey: boolean, depth: number): PSeq {
    if (depth > MAX_DEPTH) bail();
    const start = this.p;
    const items: PNode[] = [];
    if (depth === 0) this.section = undefined;
    // An empty last item takes the comments written before its dash into its end; not modelled here.
    let commentBefore = this.skippedComment;
    for (;;) {
      this.p++; // the dash
      items.push(this.valueAfterIndicator(indent, false, depth));
      if (this.lastKind === 'empty' && commentBefore) bail();
      const end = this.lastEnd;
      this.skipBlank();
      commentBefore = this.hasCommentLine(end, this.p);
      const c = this.col();
      const dash = this.t.charCodeAt(this.p) === DASH && this.isBlankAt(this.p + 1);
      if (this.p >= this.n || c < indent || (endsAtKey && c === indent && !dash)) {
        return seqNode(fitted(items), this.file, start, this.closeCollection(indent));
      }
      if (c > indent || !dash) bail();
    }
  }

  /**
   * The value after `key:` or `-`: on the same line, on the following more indented lines, a sequence at
   * the key's own indentation (mappings only), or empty (a null scalar where the line's content ends).
   */
  private valueAfterIndicator(ownerIndent: number, inMap: boolean, depth: number): PNode {
    this.skipSpaces();
    let props = NO_PROPS;
    const c = this.t.charCodeAt(this.p);
    if (c === 38 /* & */ || c === 33 /* ! */) {
      props = this.properties();
      const next = this.t.charCodeAt(this.p);
      if (next === 42 /* * */) bail(); // properties on an alias
      if (next === DASH && this.isBlankAt(this.p + 1)) bail(); // properties before a compact sequence
      if (!inMap && this.isKeyStart()) bail(); // properties before a compact mapping belong to its key
    }
    if (!this.atLineEnd()) return this.withProps(this.inlineNode(ownerIndent, inMap, depth), props);
    const emptyAt = this.p;
    this.toLineBreak();
    const lineEnd = this.p;
    const lineStart = this.ls;
    this.skipBlank();
    const col = this.col();
    if (this.p < this.n) {
      const isDash = this.t.charCodeAt(this.p) === DASH && this.isBlankAt(this.p + 1);
      if (col > ownerIndent || (inMap && col === ownerIndent && isDash)) {
        const node =
          inMap && col === ownerIndent
            ? this.blockSeq(col, true, depth + 1)
            : this.blockNodeAtLineStart(ownerIndent, depth + 1);
        return this.withProps(node, props);
      }
    }
    // Empty: step back so the caller sees the next line itself.
    this.p = lineEnd;
    this.ls = lineStart;
    // The `yaml` package ends an empty value where it stands, before the line break (see closeCollection).
    this.lastEnd = emptyAt;
    this.lastKind = 'empty';
    return this.withProps(this.scalar(null, '', false, emptyAt, emptyAt), props);
  }

  /** `&anchor` and `!tag` in either order; only local tags such as `!reset` and `!override`. */
  private properties(): Props {
    const props: Props = {};
    for (;;) {
      const c = this.t.charCodeAt(this.p);
      if (c === 38 /* & */ && props.anchor === undefined) {
        props.anchorAt = this.p;
        props.anchor = this.word(1);
        this.open.push(props.anchor);
      } else if (c === 33 /* ! */ && props.tag === undefined) {
        const tag = this.word(0);
        if (!/^![A-Za-z0-9_-]+$/.test(tag)) bail();
        props.tag = tag;
      } else return props;
      if (!this.isBlankAt(this.p)) bail();
      this.skipSpaces();
    }
  }

  /** A run of non-blank characters that are not flow indicators, starting `skip` characters on. */
  private word(skip: number): string {
    const start = this.p;
    let i = start + skip;
    for (; i < this.n; i++) {
      const c = this.t.charCodeAt(i);
      if (c === SPACE || c === NL || c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
    }
    if (i === start + skip) bail();
    this.p = i;
    return this.t.slice(start + skip, i);
  }

  private withProps(node: PNode, props: Props): PNode {
    let out = node;
    if (props.tag !== undefined) {
      if (node.kind === 'scalar') {
        // An unknown tag leaves the scalar unresolved: its text, as a string.
        out = changedNode(node, { value: node.source, tag: props.tag }, node.span);
      } else out = changedNode(node, { tag: props.tag }, node.span);
    }
    if (props.anchor !== undefined) {
      // A nested node redeclaring the name completed first but was declared later: it stays.
      const later = (this.anchorAt.get(props.anchor) ?? -1) > (props.anchorAt ?? 0);
      if (!later) {
        this.anchors.set(props.anchor, out);
        this.anchorAt.set(props.anchor, props.anchorAt ?? 0);
      }
      this.open.splice(this.open.lastIndexOf(props.anchor), 1);
    }
    return out;
  }

  // ---- keys ------------------------------------------------------------------------------------------

  /** Whether the current line holds an implicit key (a plain or quoted scalar followed by `: `). */
  private isKeyStart(): boolean {
    const t = this.t;
    const c = t.charCodeAt(this.p);
    if (c === 34 || c === 39) {
      const close = this.quoteEnd(this.p);
      if (close < 0) return false;
      let i = close;
      while (t.charCodeAt(i) === SPACE) i++;
      return t.charCodeAt(i) === COLON && this.isBlankAt(i + 1);
    }
    return this.plainKeyEnd() >= 0;
  }

  /** The offset of the `:` that ends a plain implicit key on this line, or -1. */
  private plainKeyEnd(): number {
    const t = this.t;
    if (!canStartPlain(t, this.p, this.n)) return -1;
    for (let i = this.p; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) return -1;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) return -1;
      if (c === COLON && this.isBlankAt(i + 1)) return i;
    }
    return -1;
  }

  private key(): { key: string; start: number; end: number } {
    const t = this.t;
    const start = this.p;
    const c = t.charCodeAt(start);
    let key: string;
    let end: number;
    if (c === 34 || c === 39) {
      const q = this.quoted();
      key = String(q.value);
      end = this.p;
      this.skipSpaces();
    } else {
      const colon = this.plainKeyEnd();
      if (colon < 0) bail();
      end = colon;
      while (t.charCodeAt(end - 1) === SPACE) end--;
      const text = t.slice(start, end);
      if (text.length > 1000) bail();
      key = String(resolvePlain(text));
      this.p = colon;
    }
    if (t.charCodeAt(this.p) !== COLON) bail();
    this.p++;
    return { key: this.ownKey(key), start, end };
  }

  // ---- scalars ---------------------------------------------------------------------------------------

  private scalar(value: ScalarValue, source: string, quoted: boolean, start: number, end: number): PScalar {
    if (this.reuse !== undefined) {
      const v = typeof value === 'string' ? detached(value) : value;
      return scalarNode(v, detached(source), quoted, this.file, start, end);
    }
    return scalarNode(value, source, quoted, this.file, start, end);
  }

  /** A plain scalar in block context: the rest of the line up to a comment, on one line only. */
  private plainBlock(): PScalar {
    const t = this.t;
    const start = this.p;
    if (!canStartPlain(t, start, this.n)) bail();
    let i = start;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) break;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) break;
      if (c === COLON && this.isBlankAt(i + 1)) bail();
    }
    let end = i;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    this.p = end;
    const text = t.slice(start, end);
    return this.scalar(resolvePlain(text), text, false, start, end);
  }

  /** The offset just after the closing quote of a single-line quoted scalar at `start`, or -1. */
  private quoteEnd(start: number): number {
    const t = this.t;
    const q = t.charCodeAt(start);
    for (let i = start + 1; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) return -1;
      if (q === 34 && c === 92 /* \ */) {
        if (t.charCodeAt(i + 1) === NL) return -1; // an escaped line break folds: the full parser's job
        i++;
      } else if (c === q) {
        if (q === 39 && t.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  private quoted(): PScalar {
    const start = this.p;
    const end = this.quoteEnd(start);
    if (end < 0) bail(); // multi-line or unterminated: the full parser folds or reports it
    const inner = this.t.slice(start + 1, end - 1);
    const value = this.t.charCodeAt(start) === 39 ? inner.replaceAll("''", "'") : unescapeDouble(inner);
    if (value === undefined) bail();
    this.p = end;
    return this.scalar(value, value, true, start, end);
  }

  private alias(inFlow: boolean): PNode {
    const start = this.p;
    const name = this.word(1);
    const target = this.anchors.get(name);
    if (target === undefined || this.open.includes(name)) bail();
    if (!inFlow) {
      let i = this.p;
      while (this.t.charCodeAt(i) === SPACE) i++;
      if (this.t.charCodeAt(i) === COLON) bail();
    }
    return changedNode(target, {}, { file: this.file, start, end: this.p });
  }

  /** `|` and `>` with optional chomping; no indentation indicator, no leading blank lines. */
  private blockScalar(parentIndent: number): PScalar {
    const t = this.t;
    const start = this.p;
    const folded = t.charCodeAt(this.p) === 62;
    this.p++;
    let chomp = 'clip';
    const h = t.charCodeAt(this.p);
    if (h === DASH || h === 43 /* + */) {
      chomp = h === DASH ? 'strip' : 'keep';
      this.p++;
    }
    const afterHeader = this.p;
    this.skipSpaces();
    if (this.p < this.n && t.charCodeAt(this.p) !== NL) {
      if (t.charCodeAt(this.p) !== HASH || this.p === afterHeader) bail();
      this.toLineBreak();
    }
    if (this.p >= this.n) bail();
    const first = this.p + 1;
    let indent = 0;
    while (t.charCodeAt(first + indent) === SPACE) indent++;
    const fc = t.charCodeAt(first + indent);
    if (first + indent >= this.n || fc === NL || indent <= parentIndent || indent === 0) bail();
    const lines: string[] = [];
    let lastContentEnd = first;
    let trailing = 0;
    let i = first;
    while (i < this.n) {
      const nl = t.indexOf('\n', i);
      if (nl < 0) bail(); // content running into the end of the file without a line break
      let sp = 0;
      while (t.charCodeAt(i + sp) === SPACE) sp++;
      if (i + sp === nl) {
        if (sp > indent) bail();
        trailing++;
        lines.push('');
        i = nl + 1;
        continue;
      }
      if (sp < indent) break;
      const line = t.slice(i + indent, nl);
      if (folded && line.charCodeAt(0) === SPACE) bail();
      lines.push(line);
      trailing = 0;
      lastContentEnd = nl + 1;
      i = nl + 1;
    }
    const content = lines.slice(0, lines.length - trailing);
    let value = folded ? fold(content) : content.join('\n');
    if (chomp !== 'strip') value += '\n';
    if (chomp === 'keep') value += '\n'.repeat(trailing);
    const end = chomp === 'keep' ? i : lastContentEnd;
    this.p = end;
    this.ls = end;
    this.lastEnd = end;
    this.lastKind = 'block';
    // The caller continues from a line start; make sure `p` sits on one for skipBlank.
    return this.scalar(value, value, true, start, end);
  }

  // ---- flow collections ------------------------------------------------------------------------------

  /** Spaces, line breaks and comments inside a flow collection; continuation lines must be indented. */
  private skipFlowSpace(ownerIndent: number): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.p);
      if (c === SPACE) this.p++;
      else if (c === NL) {
        this.p++;
        this.ls = this.p;
        while (t.charCodeAt(this.p) === SPACE) this.p++;
        const next = t.charCodeAt(this.p);
        if (this.p < this.n && next !== NL && next !== HASH && this.col() <= ownerIndent) bail();
        if (this.col() === 0 && this.isDocumentMarker()) bail();
      } else if (c === HASH) {
        if (t.charCodeAt(this.p - 1) !== SPACE && t.charCodeAt(this.p - 1) !== NL) bail();
        this.toLineBreak();
      } else return;
      if (this.p >= this.n) bail();
    }
  }

  private flowCollection(ownerIndent: number, depth: number): PNode {
    if (depth > MAX_DEPTH) bail();
    return this.t.charCodeAt(this.p) === 91
      ? this.flowSeq(ownerIndent, depth)
      : this.flowMap(ownerIndent, depth);
  }

  private flowSeq(ownerIndent: number, depth: number): PSeq {
    const start = this.p++;
    const items: PNode[] = [];
    for (;;) {
      this.skipFlowSpace(ownerIndent);
      if (this.t.charCodeAt(this.p) === 93 /* ] */) break;
      items.push(this.flowNode(ownerIndent, depth));
      this.skipFlowSpace(ownerIndent);
      const c = this.t.charCodeAt(this.p);
      if (c === 44 /* , */) this.p++;
      else if (c === 93) break;
      else bail();
    }
    this.p++;
    return seqNode(fitted(items), this.file, start, this.p);
  }

  private flowMap(ownerIndent: number, depth: number): PMap {
    const t = this.t;
    const start = this.p++;
    const entries: PEntry[] = [];
    let merged: PEntry[] | undefined;
    for (;;) {
      this.skipFlowSpace(ownerIndent);
      if (t.charCodeAt(this.p) === 125 /* } */) break;
      const keyStart = this.p;
      const k = t.charCodeAt(keyStart);
      const keyNode = k === 34 || k === 39 ? this.quoted() : this.plainFlow(true);
      this.skipSpaces();
      let value: PNode | null = null;
      if (t.charCodeAt(this.p) === COLON) {
        this.p++;
        const after = t.charCodeAt(this.p);
        if (after !== SPACE && after !== 44 && after !== 125 && after !== NL) bail();
        // An empty value whose line ends after the colon sits at that line break, as the yaml package has it.
        let lineEnd = this.p;
        while (t.charCodeAt(lineEnd) === SPACE) lineEnd++;
        this.skipFlowSpace(ownerIndent);
        const c = t.charCodeAt(this.p);
        const emptyAt = t.charCodeAt(lineEnd) === NL ? lineEnd : this.p;
        value =
          c === 44 || c === 125
            ? this.scalar(null, '', false, emptyAt, emptyAt)
            : this.flowNode(ownerIndent, depth);
        this.skipFlowSpace(ownerIndent);
      }
      const key = String(keyNode.value);
      if (key === '<<' && value !== null) for (const m of mergeKeyEntries(value)) (merged ??= []).push(m);
      else entries.push(entryNode(this.ownKey(key), value, this.file, keyNode.span.start, keyNode.span.end));
      const c = t.charCodeAt(this.p);
      if (c === 44) this.p++;
      else if (c !== 125) bail();
      else break;
    }
    this.p++;
    const all = merged === undefined ? fitted(entries) : [...merged, ...entries];
    return mapNode(all, this.file, start, this.p);
  }

  private flowNode(ownerIndent: number, depth: number): PNode {
    const c = this.t.charCodeAt(this.p);
    if (c === 91 || c === 123) return this.flowCollection(ownerIndent, depth + 1);
    if (c === 34 || c === 39) return this.quoted();
    if (c === 42) return this.alias(true);
    const node = this.plainFlow(false);
    return node;
  }

  /** A plain scalar inside a flow collection, on one line. */
  private plainFlow(isKey: boolean): PScalar {
    const t = this.t;
    const start = this.p;
    if (!canStartPlain(t, start, this.n, true)) bail();
    let i = start;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL || c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
      if (c === HASH && t.charCodeAt(i - 1) === SPACE) break;
      if (c === COLON) {
        const next = t.charCodeAt(i + 1);
        if (next === SPACE || next === NL || next === 44 || next === 93 || next === 125 || i + 1 >= this.n) {
          if (!isKey) bail(); // `[a: 1]`, a single-pair mapping in a sequence
          break;
        }
      }
    }
    let end = i;
    while (t.charCodeAt(end - 1) === SPACE) end--;
    if (end === start) bail();
    if (t.charCodeAt(i) === NL) {
      // A plain scalar may continue on the next line; only accept it when the line clearly ends it.
      let j = i;
      while (j < this.n && (t.charCodeAt(j) === NL || t.charCodeAt(j) === SPACE)) j++;
      const next = t.charCodeAt(j);
      if (next !== 44 && next !== 93 && next !== 125 && !(isKey && next === COLON)) bail();
    }
    this.p = end;
    const text = t.slice(start, end);
    return this.scalar(resolvePlain(text), text, false, start, end);
  }
}

function isBlankOrEnd(c: number, i: number, n: number): boolean {
  return i >= n || c === SPACE || c === NL;
}

/** Plain scalars cannot start with an indicator, except `-`, `?`, `:` followed by a non-space. */
function canStartPlain(t: string, i: number, n: number, inFlow = false): boolean {
  const c = t.charCodeAt(i);
  if (i >= n || c === SPACE || c === NL) return false;
  if (c === DASH || c === 63 /* ? */ || c === COLON) {
    const next = t.charCodeAt(i + 1);
    if (inFlow && FLOW_INDICATORS.has(next)) return false;
    return !isBlankOrEnd(next, i + 1, n);
  }
  return !INDICATORS.has(c);
}

const FLOW_INDICATORS = new Set([...',[]{}'].map((ch) => ch.charCodeAt(0)));

const INDICATORS = new Set([...',[]{}#&*!|>\'"%@`'].map((ch) => ch.charCodeAt(0)));
