import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import type { DiagnosticData } from '../../lsp/diagnostics';

/** Quick fixes for K8S diagnostics: the rule's replacement (a free nodePort or hostPort, a spelling, a CIDR). */
export function manifestCodeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const fix = (d.data as DiagnosticData | undefined)?.fix;
    if (d.source !== 'switchyard' || fix?.kind !== 'replace') continue;
    out.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: fix.text }] } },
    });
  }
  return out;
}
