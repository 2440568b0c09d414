import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '@switchyard/core';
import type { Severity } from '@switchyard/protocol';
import type { Span } from '../yaml/tree';
import { spanToRange } from '../yaml/positions';

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** A finding placed for output: file as shown to the user, 0-based range. */
export interface Problem {
  file: string;
  /** Absolute path, to find the source text for an excerpt. */
  path: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related: { file: string; range: Range; message: string }[];
  /** The quick fix the editor offers, as edits (for SARIF's `fixes`). */
  fix?: ProblemFix;
}

export interface ProblemFix {
  title: string;
  edits: { file: string; range: Range; text: string }[];
}

/** Paths under the working directory are shown relative to it, the way a compiler names its inputs. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Findings sorted by file, then position; each with its related locations. */
export function toProblems(
  project: { sources: ReadonlyMap<string, { lineStarts: number[] }> },
  findings: Finding<Span>[],
  cwd: string,
  /** The edits of a finding's quick fix, with absolute paths (undefined: none). */
  fixOf: (f: Finding<Span>) => ProblemFix | undefined = () => undefined,
): Problem[] {
  const place = (span: Span): Range => spanToRange(project.sources.get(span.file)?.lineStarts ?? [0], span);
  const problems = findings.map((f): Problem => {
    const fix = fixOf(f);
    return {
      file: displayPath(f.at.file, cwd),
      path: f.at.file,
      range: place(f.at),
      severity: f.severity,
      code: f.code,
      message: f.message,
      related: (f.related ?? []).map((r) => ({
        file: displayPath(r.at.file, cwd),
        range: place(r.at),
        message: r.message,
      })),
      ...(fix !== undefined
        ? {
            fix: {
              title: fix.title,
              edits: fix.edits.map((e) => ({ ...e, file: displayPath(e.file, cwd) })),
            },
          }
        : {}),
    };
  });
  const fileOrder = new Map([...project.sources.keys()].map((p, i) => [p, i]));
  return problems.sort(
    (a, b) =>
      (fileOrder.get(a.path) ?? 1e9) - (fileOrder.get(b.path) ?? 1e9) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      ORDER[a.severity] - ORDER[b.severity],
  );
}
