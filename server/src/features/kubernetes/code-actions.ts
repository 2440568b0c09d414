import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import type { K8sProject } from '../../kubernetes/project';
import type { DiagnosticData } from '../diagnostics';
import { offsetAt, spanToRange } from '../../yaml/positions';
import { manifestFixes } from './fixes';

/**
 * Quick fixes for K8S diagnostics: the rule's replacement (a free nodePort or hostPort, a spelling, a CIDR),
 * and the fixes that edit elsewhere (`fixes.ts`: align a selector, add the missing named port).
 */
export function manifestCodeActions(
  project: K8sProject,
  path: string,
  uri: string,
  diagnostics: Diagnostic[],
  uriOf: (p: string) => string,
): CodeAction[] {
  const out: CodeAction[] = [];
  const src = project.sources.get(path);
  for (const d of diagnostics) {
    if (d.source !== 'switchyard') continue;
    const fix = (d.data as DiagnosticData | undefined)?.fix;
    if (fix?.kind === 'replace')
      out.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: d.range, newText: fix.text }] } },
      });
    if (src === undefined || (d.code !== 'K8S061' && d.code !== 'K8S062')) continue;
    const offset = offsetAt(src.lineStarts, d.range.start, src.text.length);
    manifestFixes(project, String(d.code), path, offset).forEach((f, i) => {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of f.edits)
        (changes[uriOf(e.span.file)] ??= []).push({
          range: spanToRange(project.sources.get(e.span.file)?.lineStarts ?? [0], e.span),
          newText: e.text,
        });
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0,
        edit: { changes },
      });
    });
  }
  return out;
}
