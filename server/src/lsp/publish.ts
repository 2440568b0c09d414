import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { WorkspaceFiles } from './file-reader';
import { ownDiagnostics } from './yaml-features';

/**
 * Sends each file's diagnostics (with its open document's version), and an empty list to every URI in
 * `before` that has none now, so a fixed file is cleared. Returns the URIs diagnostics were sent to.
 */
export function publishByFile(
  connection: Connection,
  files: WorkspaceFiles,
  byFile: Map<string, Diagnostic[]>,
  before: ReadonlySet<string>,
): Set<string> {
  const now = new Set<string>();
  for (const [path, all] of byFile) {
    const diagnostics = ownDiagnostics(all);
    const uri = files.uriOf(path);
    now.add(uri);
    const version = files.document(path)?.version;
    void connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  }
  for (const uri of before) if (!now.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
  return now;
}
