import type { Finding } from '@switchyard/core';
import { aliasExcess } from '../yaml/aliases';
import { parseYaml } from '../yaml/parse';
import type { ParseCache } from '../yaml/parse';
import type { FileOrigin, SourceText } from './project';
import { ExpansionBudget } from './template';
import type { Lookup } from './template';
import { WordsInText } from '../yaml/text-edits';
import { isMap } from '../yaml/tree';
import type { PMap, Span } from '../yaml/tree';

/** How the loader reads files: from open editor buffers first, then from disk (or a test's memory). */
export interface FileReader {
  read(path: string): string | undefined;
}

/** A reader that throws (a test's `readFileSync`, a permission error) counts as "cannot read". */
export function safeRead(reader: FileReader, path: string): string | undefined {
  try {
    return reader.read(path);
  } catch {
    return undefined;
  }
}

/** State shared by everything one load reads. */
export interface LoadContext {
  reader: FileReader;
  findings: Finding<Span>[];
  sources: Map<string, SourceText>;
  origins: Map<string, FileOrigin>;
  /**
   * Every file's `services:` / `networks:` mapping, in load order (included files before the includer):
   * where each key is written (`keyPlaces` in build-models.ts reads them).
   */
  serviceSections: PMap[];
  networkSections: PMap[];
  /** Set once some file used `!reset`, so a project without one never walks its tree for them. */
  sawReset: boolean;
  /** The editor's parse cache for this project (the first read of each file goes through it). */
  cache: ParseCache | undefined;
  /** What interpolation may still spend in this load, over every file and `.env` it reads. */
  expansion: ExpansionBudget;
}

export function newContext(reader: FileReader, cache?: ParseCache): LoadContext {
  return {
    reader,
    cache,
    findings: [],
    sources: new Map(),
    origins: new Map(),
    serviceSections: [],
    networkSections: [],
    sawReset: false,
    expansion: new ExpansionBudget(),
  };
}

/**
 * One file, freshly parsed (interpolation rewrites scalars in place, so each load gets its own tree; with a
 * ParseCache, the reused parts are ones interpolation leaves unchanged).
 */
export interface ParsedFile {
  path: string;
  text: string;
  root: PMap | null;
}

/** Each file's `*` (an alias) and `!reset`; after a keystroke only the changed part is searched for one absent. */
const SIGNS = new WordsInText(['*', '!reset']);

/**
 * Reads and parses `path`. A file that cannot be read is a finding at `from` (the include or extends that
 * names it) or at the start of the file itself; YAML errors and a top level that is not a mapping are
 * findings in the file, reported once however often the file is read.
 */
export function readFile(
  ctx: LoadContext,
  path: string,
  origin: FileOrigin,
  from?: Span,
): ParsedFile | undefined {
  const text = safeRead(ctx.reader, path);
  if (text === undefined) {
    ctx.findings.push({
      code: 'LOAD',
      severity: 'error',
      message: `open ${path}: no such file or directory`,
      at: from ?? { file: path, start: 0, end: 0 },
    });
    return undefined;
  }
  const first = !ctx.sources.has(path);
  // A second read in one load (an include and an extends of one file) gets a tree of its own.
  const parsed = first && ctx.cache !== undefined ? ctx.cache.parse(text, path) : parseYaml(text, path);
  // Without a `*` in the text nothing is shared, so nothing can expand.
  // With the editor's parse cache, per file across keystrokes; a one-shot load (the CLI) keeps no text.
  const [star, reset] =
    ctx.cache !== undefined ? SIGNS.of(path, text) : [text.includes('*'), text.includes('!reset')];
  const excess = parsed.root !== null && star === true ? aliasExcess(parsed.root) : undefined;
  const root = isMap(parsed.root) && excess === undefined ? parsed.root : null;
  if (reset === true) ctx.sawReset = true;
  if (first) {
    if (excess !== undefined) ctx.findings.push({ code: 'YAML', severity: 'error', ...excess });
    for (const e of parsed.errors) {
      ctx.findings.push({ code: 'YAML', severity: 'error', message: e.message, at: e.span });
    }
    if (parsed.root !== null && !isMap(parsed.root)) {
      ctx.findings.push({
        code: 'YAML',
        severity: 'error',
        message: 'Top-level object must be a mapping',
        at: parsed.root.span,
      });
    }
    ctx.sources.set(path, { path, text, lineStarts: parsed.lineStarts, root });
    ctx.origins.set(path, from ? { ...origin, from } : origin);
  }
  return { path, text, root };
}

/** Variables layered over a parent lookup (an include's `.env` over the including project's). */
export function layered(vars: Map<string, string>, parent: Lookup): Lookup {
  return (name) => vars.get(name) ?? parent(name);
}
