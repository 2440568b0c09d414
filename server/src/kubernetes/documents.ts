import { fastParseYaml } from '../yaml/fastyaml';
import { parseWithYamlPackage } from '../yaml/parse';
import type { YamlSyntaxError } from '../yaml/tree';
import type { PNode, Span } from '../yaml/tree';
import { lineStarts } from '../yaml/positions';

/** One YAML document of a manifest file: its root (null when empty) and where its text lies. */
export interface YamlDocument {
  index: number;
  root: PNode | null;
  start: number;
  end: number;
  /** True when the document had syntax errors (then it is never reused: its errors must be reported again). */
  broken: boolean;
}

export interface ParsedManifest {
  text: string;
  documents: YamlDocument[];
  errors: YamlSyntaxError[];
  lineStarts: number[];
  /** Set when a budget cut the file short (too many documents). */
  truncated?: string;
}

/** A manifest file holds a few hundred objects at most; past this the rest of the file is not read. */
export const MAX_DOCUMENTS = 5000;

/** A `---` (or `...`) line that ends a document: at column 0, followed by nothing but a comment. */
const MARKER = /^(?:---|\.\.\.)[ \t]*(?:#.*)?$/;

interface Chunk {
  start: number;
  end: number;
}

/**
 * Splits a file at its document markers. Content on the marker line (`--- {a: 1}`) or directives (`%YAML`)
 * are rare; such a file goes to the `yaml` package whole (`splitFallback`).
 */
export function splitDocuments(text: string): Chunk[] | undefined {
  const chunks: Chunk[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const c = text.charCodeAt(lineStart);
    if (c === 45 /* - */ || c === 46 /* . */) {
      const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
      if (MARKER.test(line)) {
        chunks.push({ start, end: lineStart });
        start = nl < 0 ? text.length : nl + 1;
      } else if (line.startsWith('---') || line.startsWith('...')) return undefined;
    } else if (c === 37 /* % */) return undefined;
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  chunks.push({ start, end: text.length });
  return chunks;
}

/**
 * Parses every document of a manifest, each with the fast parser when it can (the `yaml` package
 * otherwise), spans in the file's offsets. Documents whose text did not change since `previous` keep their
 * tree (moved in place when they shifted), so a keystroke in a 50-object file parses one object.
 */
export function parseManifest(text: string, file: string, previous?: ParsedManifest): ParsedManifest {
  const chunks = splitDocuments(text);
  if (chunks === undefined) return wholeFile(text, file);
  const was = previous?.documents ?? [];
  // An old document the same as the new one at its place: before an edit, and after it counted from the
  // end. Only the documents between are looked up by their text (a keystroke leaves one there).
  const same = (d: YamlDocument | undefined, c: Chunk | undefined): boolean =>
    d !== undefined &&
    c !== undefined &&
    previous !== undefined &&
    d.end - d.start === c.end - c.start &&
    text.startsWith(previous.text.slice(d.start, d.end), c.start);
  let head = 0;
  while (head < was.length && head < chunks.length && same(was[head], chunks[head])) head++;
  let tail = 0;
  while (
    tail < was.length - head &&
    tail < chunks.length - head &&
    same(was[was.length - 1 - tail], chunks[chunks.length - 1 - tail])
  )
    tail++;
  const reuse = new Map<string, YamlDocument[]>();
  for (let i = head; i < was.length - tail && previous !== undefined; i++) {
    const d = was[i] as YamlDocument;
    const key = previous.text.slice(d.start, d.end);
    const list = reuse.get(key);
    if (list === undefined) reuse.set(key, [d]);
    else list.push(d);
  }
  const documents: YamlDocument[] = [];
  const errors: YamlSyntaxError[] = [];
  let truncated: string | undefined;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i] as Chunk;
    if (documents.length >= MAX_DOCUMENTS) {
      truncated = `only the first ${MAX_DOCUMENTS} documents of this file are checked`;
      break;
    }
    const atPlace =
      i < head ? was[i] : i >= chunks.length - tail ? was[was.length - chunks.length + i] : undefined;
    const body = atPlace === undefined ? text.slice(chunk.start, chunk.end) : '';
    const old = atPlace ?? reuse.get(body)?.shift();
    if (old !== undefined && old.root !== null && !old.broken) {
      const shift = chunk.start - old.start;
      if (shift !== 0) shiftOnce(old.root, shift);
      documents.push({
        index: documents.length,
        root: old.root,
        start: chunk.start,
        end: chunk.end,
        broken: false,
      });
      continue;
    }
    const fresh = body === '' ? text.slice(chunk.start, chunk.end) : body;
    const parsed = fastParseYaml(fresh, file) ?? parseWithYamlPackage(fresh, file);
    if (parsed.root !== null && chunk.start !== 0) shiftOnce(parsed.root, chunk.start);
    for (const e of parsed.errors) {
      errors.push({ message: e.message, span: moved(e.span, chunk.start) });
    }
    documents.push({
      index: documents.length,
      root: parsed.root,
      start: chunk.start,
      end: chunk.end,
      broken: parsed.errors.length > 0,
    });
  }
  return {
    text,
    documents,
    errors,
    lineStarts: lineStarts(text),
    ...(truncated ? { truncated } : {}),
  };
}

/** The rare file the splitter leaves alone: the `yaml` package's own multi-document handling. */
function wholeFile(text: string, file: string): ParsedManifest {
  const parsed = parseWithYamlPackage(text, file);
  return {
    text,
    documents: [{ index: 0, root: parsed.root, start: 0, end: text.length, broken: true }],
    errors: parsed.errors.filter((e) => !/multiple documents|Source contains multiple/i.test(e.message)),
    lineStarts: parsed.lineStarts,
  };
}

const moved = (s: Span, by: number): Span => ({ file: s.file, start: s.start + by, end: s.end + by });

/** Moves every span of a tree once, even where aliases share subtrees (and so span objects). */
function shiftOnce(node: PNode, shift: number): void {
  const seen = new Set<Span>();
  const move = (s: Span): void => {
    if (seen.has(s)) return;
    seen.add(s);
    s.start += shift;
    s.end += shift;
  };
  const visited = new Set<PNode>();
  const walk = (n: PNode): void => {
    if (visited.has(n)) return;
    visited.add(n);
    move(n.span);
    if (n.kind === 'map') {
      for (const e of n.entries) {
        move(e.keySpan);
        if (e.value !== null) walk(e.value);
      }
    } else if (n.kind === 'seq') for (const i of n.items) walk(i);
  };
  walk(node);
}
