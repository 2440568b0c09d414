import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { WorkspaceFiles } from './file-reader';
import { ownDiagnostics } from './yaml-features';

/**
 * Sends each file's diagnostics (with its open document's version), and an empty list to every URI in
 * `before` that has none now, so a fixed file is cleared. Returns the URIs diagnostics were sent to.
 * With `sent` (what was last sent per URI, kept by the caller), a file is sent again only when its
 * diagnostics or its document's version changed: after a keystroke in one file of a project, the other
 * files' unchanged diagnostics are not sent again.
 */
export function publishByFile(
  connection: Connection,
  files: WorkspaceFiles,
  byFile: Map<string, Diagnostic[]>,
  before: ReadonlySet<string>,
  sent?: Map<string, string>,
): Set<string> {
  const now = new Set<string>();
  for (const [path, all] of byFile) {
    const diagnostics = ownDiagnostics(all);
    const uri = files.uriOf(path);
    now.add(uri);
    const version = files.document(path)?.version;
    if (sent !== undefined) {
      const last = `${version ?? ''}\n${JSON.stringify(diagnostics)}`;
      if (sent.get(uri) === last) continue;
      sent.set(uri, last);
    }
    void connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  }
  for (const uri of before) {
    if (now.has(uri)) continue;
    sent?.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  return now;
}
