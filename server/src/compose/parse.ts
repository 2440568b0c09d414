import { LineCounter, Parser, Composer, isMap, isSeq, isScalar, isAlias, isPair } from 'yaml';
import type { Node as YNode, Document } from 'yaml';
import { fastParseYaml } from './fastyaml';
import type { PNode, PMap, PEntry, Span, ScalarValue } from './tree';

export interface YamlSyntaxError {
  message: string;
  span: Span;
}

export interface ParsedYaml {
  /** The first document's root, or null when the text holds no document. */
  root: PNode | null;
  errors: YamlSyntaxError[];
  lineStarts: number[];
}

/**
 * Parses YAML text into the positioned tree, tolerating half-typed documents: whatever the parser could
 * recover is returned together with the syntax errors. The fast parser handles the YAML compose files are
 * made of; anything else (and every document with an error) goes through the `yaml` package.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  return fastParseYaml(text, file) ?? parseWithYamlPackage(text, file);
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
  const root = doc?.contents ? convert(doc.contents as YNode, file, doc) : null;
  return { root, errors, lineStarts: lineCounter.lineStarts };
}

function spanOf(node: { range?: [number, number, number] | null }, file: string): Span {
  const r = node.range;
  return r ? { file, start: r[0], end: r[1] } : { file, start: 0, end: 0 };
}

function convert(node: YNode, file: string, doc: Document.Parsed, depth = 0): PNode | null {
  if (depth > 64) return null;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    const converted = target ? convert(target as YNode, file, doc, depth + 1) : null;
    return converted ? { ...converted, span: spanOf(node, file) } : null;
  }
  if (isScalar(node)) {
    const value = node.value;
    const scalar: ScalarValue =
      value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : String(value);
    const quoted = node.type !== undefined && node.type !== 'PLAIN';
    return {
      kind: 'scalar',
      value: scalar,
      source: node.source ?? String(scalar ?? ''),
      quoted,
      ...(node.tag ? { tag: node.tag } : {}),
      span: spanOf(node, file),
    };
  }
  if (isSeq(node)) {
    const items: PNode[] = [];
    for (const item of node.items) {
      const c = convert(item as YNode, file, doc, depth + 1);
      if (c) items.push(c);
    }
    return { kind: 'seq', items, ...(node.tag ? { tag: node.tag } : {}), span: spanOf(node, file) };
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
      const value = pair.value ? convert(pair.value as YNode, file, doc, depth + 1) : null;
      if (key === '<<' && value) {
        merged.push(...mergeKeyEntries(value));
        continue;
      }
      entries.push({ key, keySpan, value });
    }
    // Merged entries go first so that the map's own keys, read last-wins, override them.
    const map: PMap = {
      kind: 'map',
      entries: [...merged, ...entries],
      ...(node.tag ? { tag: node.tag } : {}),
      span: spanOf(node, file),
    };
    return map;
  }
  return null;
}

/** `<<: *anchor` (or a list of anchors) contributes the anchored map's entries; explicit keys win later. */
function mergeKeyEntries(value: PNode): PEntry[] {
  const sources = value.kind === 'seq' ? value.items : [value];
  const out: PEntry[] = [];
  for (const s of sources) if (s.kind === 'map') out.push(...s.entries);
  return out;
}
