import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { Finding, FixHint } from '@switchyard/core';
import type { Severity } from '@switchyard/protocol';
import type { Span } from '../yaml/tree';
import { spanToRange } from './positions';
import { ruleHref } from '../docs/links';

/** What placing a span needs: each file's line starts (a project's sources, or those plus `.switchyard.yaml`). */
export interface Placed {
  sources: ReadonlyMap<string, { lineStarts: number[] }>;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for the code-action provider; the client hands it back untouched. */
export interface DiagnosticData {
  fix?: FixHint;
}

/** Where a span is, in LSP terms, using the project's own line tables (no re-scan of the text). */
export function rangeOf(project: Placed, span: Span): Range {
  const src = project.sources.get(span.file);
  return spanToRange(src?.lineStarts ?? [0], span);
}

export function toDiagnostic(
  project: Placed,
  finding: Finding<Span>,
  uriOf: (path: string) => string,
): Diagnostic {
  const related: DiagnosticRelatedInformation[] = (finding.related ?? []).map((r) => ({
    location: { uri: uriOf(r.at.file), range: rangeOf(project, r.at) },
    message: r.message,
  }));
  const data: DiagnosticData = finding.fix ? { fix: finding.fix } : {};
  const href = ruleHref(finding.code);
  return {
    range: rangeOf(project, finding.at),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(href !== undefined ? { codeDescription: { href } } : {}),
    source: 'switchyard',
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}

/** Diagnostics per file of the project; every file read gets an entry, so fixed files are cleared. */
export function diagnosticsByFile(
  project: Placed,
  findings: Finding<Span>[],
  uriOf: (path: string) => string,
): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>();
  for (const path of project.sources.keys()) out.set(path, []);
  for (const f of findings) {
    const list = out.get(f.at.file) ?? [];
    list.push(toDiagnostic(project, f, uriOf));
    out.set(f.at.file, list);
  }
  return out;
}
