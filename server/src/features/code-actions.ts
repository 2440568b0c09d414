import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import type { FixHint } from '@switchyard/core';
import type { ComposeProject, SourceText } from '../compose/project';
import type { DiagnosticData } from './diagnostics';
import { offsetAt } from '../yaml/positions';
import { positionAt, spanToRange } from '../yaml/positions';
import { declareNetworkEdit } from './declare-network';
import { removalSpan, siblingInsertion } from './removal';

type UriOf = (path: string) => string;

/**
 * Quick fixes, one per diagnostic that carries a fix hint (`Finding.fix`): the rule decided what the fix
 * is (a free subnet, a free host port, …); this turns the hint into an edit of the right text.
 */
export function codeActions(
  project: ComposeProject,
  path: string,
  diagnostics: Diagnostic[],
  uriOf: UriOf,
): CodeAction[] {
  const src = project.sources.get(path);
  if (src === undefined) return [];
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const fix = (d.data as DiagnosticData | undefined)?.fix;
    if (d.source !== 'switchyard' || fix === undefined) continue;
    const edits = editsFor(project, src, d, fix, uriOf);
    if (edits === undefined) continue;
    out.push({
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: edits },
    });
  }
  return out;
}

function editsFor(
  project: ComposeProject,
  src: SourceText,
  d: Diagnostic,
  fix: FixHint,
  uriOf: UriOf,
): Record<string, TextEdit[]> | undefined {
  const uri = uriOf(src.path);
  switch (fix.kind) {
    case 'replace':
      return { [uri]: [{ range: d.range, newText: fix.text }] };
    case 'insert': {
      // The text is a sibling entry (`attachable: true`) of the map that holds the node at fault.
      const at = offsetAt(src.lineStarts, d.range.start, src.text.length);
      const ins = siblingInsertion(src, at, fix.text);
      const pos = positionAt(src.lineStarts, ins.offset);
      return { [uri]: [{ range: { start: pos, end: pos }, newText: ins.text }] };
    }
    case 'remove': {
      const start = offsetAt(src.lineStarts, d.range.start, src.text.length);
      const end = offsetAt(src.lineStarts, d.range.end, src.text.length);
      const span = removalSpan(src, start, end);
      return { [uri]: [{ range: spanToRange(src.lineStarts, span), newText: '' }] };
    }
    case 'declare-network': {
      const edit = declareNetworkEdit(project, src, fix.network);
      return { [uriOf(edit.file)]: [edit.edit] };
    }
  }
}
