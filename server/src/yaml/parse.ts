import { LineCounter, Parser, Composer, isMap, isSeq, isScalar, isAlias, isPair } from 'yaml';
import type { Node as YNode, Document } from 'yaml';
import { fastParseWithMemo, fastParseYaml } from './fastyaml';
import { reuseFor } from './reparse';
import { textMark } from './text-edits';
import type { ParseMemo } from './reparse';
import { mergeKeyEntries } from './merge-keys';
import type { ParsedYaml, PNode, PMap, PEntry, Span, ScalarValue, YamlSyntaxError } from './tree';
import { changedNode, entryNode, mapNode, scalarNode, seqNode } from './tree';

/**
 * Parses YAML text into the positioned tree, tolerating half-typed documents: whatever the parser could
 * recover is returned together with the syntax errors. The fast parser handles the YAML compose files are
 * made of; anything else (and every document with an error) goes through the `yaml` package.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  return fastParseYaml(text, file) ?? parseWithYamlPackage(text, file);
}

/**
 * `parseYaml` for a caller that parses the same files again and again (the editor: one project, every
 * keystroke): the values of section entries the edit left unchanged come from the previous parse of the
 * same path (reparse.ts). The tree it returned before for a path must no longer be used: reused values are
 * shared with the new tree and their spans have moved. One cache per project, never shared.
 */
export class ParseCache {
  private readonly memos = new Map<string, ParseMemo>();
  /**
   * Work done by the parses since the counts were last reset: section entries (service bodies, network
   * definitions, …) taken from the previous parse, and parsed afresh; full parses by the `yaml` package.
   * Read by the benchmark, never by behaviour.
   */
  readonly counts = { reused: 0, parsedAfresh: 0, slowPath: 0 };

  parse(text: string, file: string): ParsedYaml {
    const memo = this.memos.get(file);
    this.memos.delete(file);
    const reuse = reuseFor(memo, text);
    const fast = fastParseWithMemo(text, file, reuse);
    if (fast === undefined) {
      this.counts.slowPath++;
      return parseWithYamlPackage(text, file);
    }
    this.counts.reused += fast.reused;
    this.counts.parsedAfresh += fast.parsedAfresh;
    fast.memo.mark = textMark(text);
    this.memos.set(file, fast.memo);
    return fast.parsed;
  }

  /** Forgets files no longer read. */
  retain(files: Iterable<string>): void {
    const keep = new Set(files);
    for (const f of this.memos.keys()) if (!keep.has(f)) this.memos.delete(f);
  }
}

/** The reference path: the `yaml` package's CST and composer, converted to the positioned tree. */
export function parseWithYamlPackage(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  const errors: YamlSyntaxError[] = [];
  for (const d of composer.compose(parser.parse(text), true, text.length)) {
    if (doc === undefined) doc = d;
    for (const e of d.errors) {
      errors.push({
        message: e.message.split('\n')[0] ?? e.message,
        // The parser places errors at end of input one past the last character; keep spans inside the text.
        span: { file, start: Math.min(e.pos[0], text.length), end: Math.min(e.pos[1], text.length) },
      });
    }
  }
  const root = doc?.contents ? new Converter(file, doc).convert(doc.contents as YNode) : null;
  return { root, errors, lineStarts: lineCounter.lineStarts };
}

function spanOf(node: { range?: [number, number, number] | null }, file: string): Span {
  const r = node.range;
  return r ? { file, start: r[0], end: r[1] } : { file, start: 0, end: 0 };
}

/**
 * Converts the `yaml` package's nodes. An alias shares the tree converted for its anchor (with the alias's
 * own span), so nested aliases cost nothing extra: converting each one afresh would grow exponentially
 * (the "billion laughs" document would hang the editor), and an alias inside its own anchor is cut off.
 */
class Converter {
  private readonly anchored = new Map<YNode, PNode | null>();
  private readonly converting = new Set<YNode>();

  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
  ) {}

  convert(node: YNode, depth = 0): PNode | null {
    const file = this.file;
    if (depth > 64) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc) as YNode | undefined;
      const converted = target ? this.target(target, depth) : null;
      return converted ? changedNode(converted, {}, spanOf(node, file)) : null;
    }
    if (isScalar(node)) {
      const value = node.value;
      const scalar: ScalarValue =
        value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : String(value);
      const quoted = node.type !== undefined && node.type !== 'PLAIN';
      const at = spanOf(node, file);
      const out = scalarNode(scalar, node.source ?? String(scalar ?? ''), quoted, file, at.start, at.end);
      return node.tag ? changedNode(out, { tag: node.tag }, at) : out;
    }
    if (isSeq(node)) {
      const items: PNode[] = [];
      for (const item of node.items) {
        const c = this.convert(item as YNode, depth + 1);
        if (c) items.push(c);
      }
      const at = spanOf(node, file);
      const out = seqNode(items, file, at.start, at.end);
      return node.tag ? changedNode(out, { tag: node.tag }, at) : out;
    }
    if (isMap(node)) {
      const entries: PEntry[] = [];
      const merged: PEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YNode | null;
        if (k === null) continue;
        const keyNode = isScalar(k) ? k : null;
        const key = keyNode ? String(keyNode.value) : '';
        const keySpan = spanOf(k, file);
        const value = pair.value ? this.convert(pair.value as YNode, depth + 1) : null;
        if (key === '<<' && value) {
          for (const m of mergeKeyEntries(value)) merged.push(m);
          continue;
        }
        entries.push(entryNode(key, value, file, keySpan.start, keySpan.end));
      }
      // Merged entries go first so that the map's own keys, read last-wins, override them.
      const at = spanOf(node, file);
      const map: PMap = mapNode([...merged, ...entries], file, at.start, at.end);
      return node.tag ? changedNode(map, { tag: node.tag }, at) : map;
    }
    return null;
  }

  private target(target: YNode, depth: number): PNode | null {
    if (this.anchored.has(target)) return this.anchored.get(target) ?? null;
    if (this.converting.has(target)) return null;
    this.converting.add(target);
    const converted = this.convert(target, depth + 1);
    this.converting.delete(target);
    this.anchored.set(target, converted);
    return converted;
  }
}
