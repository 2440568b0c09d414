import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { Span } from '../compose/tree';
import { diagnosticsByFile } from './diagnostics';
import { analyzeSafely } from './safe-analyze';
import type { WorkspaceFiles } from './file-reader';
import type { ProjectStore } from './project-store';

interface Schedule {
  timer: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** When the last validation of this project ended, and how long it took. */
  lastEnd: number;
  lastMs: number;
  /** URIs diagnostics were last published to, so a file that no longer has any is cleared. */
  published: Set<string>;
  findings: Finding<Span>[];
}

/**
 * Validates projects, debounced per project. Edits arriving together (one chunk from the client) coalesce
 * into one run on the next turn of the event loop; while the user types faster than a validation takes, a
 * project waits until it has been idle for as long as its last validation took. So an isolated edit is
 * answered at once and a burst costs at most half the CPU.
 */
export class Validator {
  private readonly schedules = new Map<string, Schedule>();
  private host: HostSnapshot | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly store: ProjectStore,
    private readonly files: WorkspaceFiles,
  ) {}

  setHost(host: HostSnapshot | null): void {
    this.host = host;
    for (const e of this.store.all()) this.schedule(e.key);
  }

  /** The findings of a project's last validation (code actions read their fix hints here). */
  findings(key: string): Finding<Span>[] {
    return this.schedules.get(key)?.findings ?? [];
  }

  schedule(key: string): void {
    const s = this.scheduleOf(key);
    if (s.timer !== undefined) return;
    const wait = s.lastEnd + s.lastMs - performance.now();
    const run = (): void => {
      s.timer = undefined;
      this.validate(key);
    };
    s.timer = wait > 0 ? setTimeout(run, wait) : setImmediate(run);
  }

  /** Clears what was published for a project that is gone (its last file closed). */
  forget(key: string): void {
    const s = this.schedules.get(key);
    if (s === undefined) return;
    if (s.timer !== undefined) clearTimeout(s.timer as NodeJS.Timeout);
    for (const uri of s.published) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.schedules.delete(key);
  }

  private scheduleOf(key: string): Schedule {
    let s = this.schedules.get(key);
    if (s === undefined) {
      s = { timer: undefined, lastEnd: 0, lastMs: 0, published: new Set(), findings: [] };
      this.schedules.set(key, s);
    }
    return s;
  }

  private validate(key: string): void {
    const entry = this.store.get(key);
    const s = this.scheduleOf(key);
    if (entry === undefined) return;
    const started = performance.now();
    try {
      const project = this.store.load(entry);
      s.findings = analyzeSafely(project, this.host, (rule, err) =>
        this.connection.console.error(
          `switchyard: rule ${rule} failed on ${entry.files.join(', ')}: ${describe(err)}`,
        ),
      );
      this.publish(
        s,
        diagnosticsByFile(project, s.findings, (p) => this.files.uriOf(p)),
      );
    } catch (err) {
      // A rule that throws must not take the server down; the log says which project and why.
      this.connection.console.error(
        `switchyard: validating ${entry.files.join(', ')} failed: ${describe(err)}`,
      );
    }
    s.lastEnd = performance.now();
    s.lastMs = s.lastEnd - started;
  }

  private publish(s: Schedule, byFile: Map<string, Diagnostic[]>): void {
    const now = new Set<string>();
    for (const [path, diagnostics] of byFile) {
      const uri = this.files.uriOf(path);
      now.add(uri);
      const version = this.files.document(path)?.version;
      void this.connection.sendDiagnostics({
        uri,
        diagnostics,
        ...(version !== undefined ? { version } : {}),
      });
    }
    for (const uri of s.published) {
      if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    s.published = now;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
