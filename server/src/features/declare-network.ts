import type { TextEdit } from 'vscode-languageserver';
import type { ComposeProject, SourceText } from '../compose/project';
import { entry, isMap } from '../yaml/tree';
import { positionAt } from '../lsp/positions';

/**
 * The edit that declares network `name` under top-level `networks:`: in the file that already declares
 * networks (the one being edited first), else in the edited file, creating the section at its end.
 */
export function declareNetworkEdit(
  project: ComposeProject,
  edited: SourceText,
  name: string,
): { file: string; edit: TextEdit } {
  const candidates = [edited, ...project.sources.values()];
  const target = candidates.find((s) => entry(s.root, 'networks') !== undefined) ?? edited;
  const nets = entry(target.root, 'networks');
  const text = target.text;
  if (nets === undefined) {
    const sep = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    const at = positionAt(target.lineStarts, text.length);
    return {
      file: target.path,
      edit: { range: { start: at, end: at }, newText: `${sep}\nnetworks:\n  ${name}: {}\n` },
    };
  }
  const body = nets.value;
  if (isMap(body) && body.entries.length > 0 && body.span.file === target.path) {
    const first = body.entries[0];
    const indent = first ? first.keySpan.start - (text.lastIndexOf('\n', first.keySpan.start - 1) + 1) : 2;
    const endLine = text.lastIndexOf('\n', body.span.end - 1) + 1;
    // Insert after the last line of the section: at the start of the line following its end.
    const insertAt =
      text[body.span.end - 1] === '\n' ? body.span.end : text.indexOf('\n', endLine) + 1 || text.length;
    const pos = positionAt(target.lineStarts, insertAt);
    const lead = insertAt === text.length && !text.endsWith('\n') ? '\n' : '';
    return {
      file: target.path,
      edit: { range: { start: pos, end: pos }, newText: `${lead}${' '.repeat(indent)}${name}: {}\n` },
    };
  }
  // `networks:` with no entries (or `networks: {}`): replace its value with a block holding the new one.
  const keyEnd = nets.keySpan.end;
  const valueEnd = body?.span.end ?? keyEnd + 1;
  const start = positionAt(target.lineStarts, keyEnd);
  const end = positionAt(target.lineStarts, body ? valueEnd : keyEnd + 1);
  return { file: target.path, edit: { range: { start, end }, newText: `:\n  ${name}: {}` } };
}
