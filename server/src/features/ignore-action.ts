import { CodeActionKind } from 'vscode-languageserver';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { IGNORE_WORD, ignoreDirectives } from '../findings/ignore-comments';
import { lineStarts, positionAt } from '../yaml/positions';

/** Codes an ignore comment should not be offered for: the configuration's own problems and syntax errors. */
const NOT_IGNORABLE = new Set(['CONFIG', 'YAML']);

/**
 * "Ignore NET109 on this line": writes `# switchyard-ignore NET109` on a line of its own above the line the
 * diagnostic starts on, indented like it; when a directive already stands there, the id is added to it.
 */
export function ignoreActions(uri: string, text: string, diagnostics: Diagnostic[]): CodeAction[] {
  const lines = text.split('\n');
  const starts = lineStarts(text);
  const directives = ignoreDirectives(text);
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const code = typeof d.code === 'string' ? d.code : undefined;
    if (d.source !== 'switchyard' || code === undefined || NOT_IGNORABLE.has(code)) continue;
    const line = d.range.start.line;
    const above = directives.find((x) => x.target === line && x.ids.length > 0);
    let edit: TextEdit;
    if (above !== undefined) {
      const last = above.ids[above.ids.length - 1];
      if (last === undefined || above.ids.some((i) => i.id.toUpperCase() === code)) continue;
      const pos = positionAt(starts, last.end);
      edit = { range: { start: pos, end: pos }, newText: `, ${code}` };
    } else {
      const indent = /^[ \t]*/.exec(lines[line] ?? '')?.[0] ?? '';
      edit = {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        newText: `${indent}# ${IGNORE_WORD} ${code}\n`,
      };
    }
    out.push({
      title: `Ignore ${code} on this line (# ${IGNORE_WORD})`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { [uri]: [edit] } },
    });
  }
  return out;
}
