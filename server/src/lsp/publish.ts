import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { WorkspaceFiles } from './file-reader';
import { ownDiagnostics } from './yaml-features';

/** One project's diagnostics for one file, as last validated. */
interface FileDiagnostics {
  path: string;
  diagnostics: Diagnostic[];
}

/**
 * Sends diagnostics per file for every project, merged: a file can belong to several projects at once (an
 * `include`d file open in the editor is a project of its own and a part of the project that includes it),
 * and LSP keeps one list per URI, so each URI gets the union of what every project found there (a finding
 * both report once). A file is sent again only when its merged list or its document's version changed, so
 * after a keystroke in one file of a project the other files' unchanged diagnostics are not sent again; a
 * file no project reports any more is cleared.
 */
export class DiagnosticsPublisher {
  private readonly byProject = new Map<string, Map<string, FileDiagnostics>>();
  /** What was last sent per URI: the document's version and the diagnostics. */
  private readonly sent = new Map<string, string>();

  constructor(
    private readonly connection: Connection,
    private readonly files: WorkspaceFiles,
  ) {}

  /** A project's diagnostics per file path (every file it read, empty lists included). */
  publish(project: string, byFile: Map<string, Diagnostic[]>): void {
    const before = this.byProject.get(project);
    const now = new Map<string, FileDiagnostics>();
    for (const [path, all] of byFile) {
      now.set(this.files.uriOf(path), { path, diagnostics: ownDiagnostics(all) });
    }
    this.byProject.set(project, now);
    for (const uri of now.keys()) this.send(uri);
    for (const uri of before?.keys() ?? []) if (!now.has(uri)) this.send(uri);
  }

  /** A project is gone (its last file closed): its files keep only what other projects report. */
  forget(project: string): void {
    const before = this.byProject.get(project);
    if (before === undefined) return;
    this.byProject.delete(project);
    for (const uri of before.keys()) this.send(uri);
  }

  private send(uri: string): void {
    const parts: FileDiagnostics[] = [];
    for (const files of this.byProject.values()) {
      const part = files.get(uri);
      if (part !== undefined) parts.push(part);
    }
    const first = parts[0];
    if (first === undefined) {
      this.sent.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const diagnostics = parts.length === 1 ? first.diagnostics : union(parts);
    const version = this.files.document(first.path)?.version;
    const last = `${version ?? ''}\n${JSON.stringify(diagnostics)}`;
    if (this.sent.get(uri) === last) return;
    this.sent.set(uri, last);
    void this.connection.sendDiagnostics({ uri, diagnostics, ...(version !== undefined ? { version } : {}) });
  }
}

/** Every project's diagnostics for one file, in project order, each distinct diagnostic once. */
function union(parts: FileDiagnostics[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const part of parts) {
    for (const d of part.diagnostics) {
      const key = JSON.stringify(d);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
