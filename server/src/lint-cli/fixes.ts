import type { Finding } from '@switchyard/core';
import type { ComposeProject } from '../compose/project';
import type { Span } from '../yaml/tree';
import { codeActions } from '../features/code-actions';
import { toDiagnostic } from '../features/diagnostics';
import { spanToRange } from '../yaml/positions';
import type { ProblemFix } from './problems';

const same = (p: string): string => p;

/**
 * A compose finding's quick fix as edits, the very edits the editor's code action makes (features/
 * code-actions.ts), with absolute paths: for SARIF's `fixes` and for the right example on a rule's page.
 */
export function composeFixOf(project: ComposeProject): (f: Finding<Span>) => ProblemFix | undefined {
  return (f) => {
    if (f.fix === undefined || !project.sources.has(f.at.file)) return undefined;
    const [action] = codeActions(project, f.at.file, [toDiagnostic(project, f, same)], same);
    const changes = action?.edit?.changes;
    if (changes === undefined) return undefined;
    const edits = Object.entries(changes).flatMap(([file, list]) =>
      list.map((e) => ({ file, range: e.range, text: e.newText })),
    );
    return edits.length > 0 ? { title: f.fix.title, edits } : undefined;
  };
}

/** A Kubernetes finding's quick fix: the manifest fixes are replacements of the finding's own span. */
export function replaceFixOf(
  sources: ReadonlyMap<string, { lineStarts: number[] }>,
): (f: Finding<Span>) => ProblemFix | undefined {
  return (f) => {
    const src = sources.get(f.at.file);
    if (f.fix?.kind !== 'replace' || src === undefined) return undefined;
    return {
      title: f.fix.title,
      edits: [{ file: f.at.file, range: spanToRange(src.lineStarts, f.at), text: f.fix.text }],
    };
  };
}
