import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Connection, Diagnostic } from 'vscode-languageserver';
import type { HostSnapshot } from '@switchyard/protocol';
import { diagnosticsByFile } from '../features/diagnostics';
import { DiagnosticsPublisher } from './publish';
import { analyzeSafely } from '../safe-analyze';
import type { WorkspaceFiles } from './file-reader';
import { MAX_CHECKED_CHARS } from './project-store';
import type { ProjectStore } from './project-store';
import type { RuleLayer } from './rule-layer';
import { Settler } from './settle';

/**
 * Validates projects once the messages already queued have been handled (settle.ts): edits that queued up
 * (while a validation ran, or sent in a burst) cost one validation, and an isolated edit waits for nothing.
 */
export class Validator {
  private readonly settler = new Settler((key) => this.validate(key));
  private host: HostSnapshot | null = null;
  private readonly publisher: DiagnosticsPublisher;

  constructor(
    private readonly connection: Connection,
    private readonly store: ProjectStore,
    private readonly files: WorkspaceFiles,
    private readonly layer: RuleLayer,
  ) {
    this.publisher = new DiagnosticsPublisher(connection, files);
  }

  /** Validates every project again (the configuration changed). */
  scheduleAll(): void {
    for (const e of this.store.all()) this.schedule(e.key);
  }

  setHost(host: HostSnapshot | null): void {
    this.host = host;
    for (const e of this.store.all()) this.schedule(e.key);
  }

  schedule(key: string): void {
    this.settler.schedule(key);
  }

  /** Clears what was published for a project that is gone (its last file closed). */
  forget(key: string): void {
    this.settler.cancel(key);
    this.publisher.forget(key);
  }

  private validate(key: string): void {
    const entry = this.store.get(key);
    if (entry === undefined) return;
    try {
      const project = this.store.load(entry);
      const findings = analyzeSafely(project, this.host, (rule, err) =>
        this.connection.console.error(
          `switchyard: rule ${rule} failed on ${entry.files.join(', ')}: ${describe(err)}`,
        ),
      );
      const first = entry.files[0] ?? [...project.sources.keys()][0] ?? '';
      const layered = this.layer.apply(findings, project.sources, first);
      const byFile = diagnosticsByFile(layered, layered.findings, (p) => this.files.uriOf(p));
      const big = this.store.oversized(entry);
      if (big !== undefined) byFile.set(big, [tooLarge()]);
      this.publisher.publish(key, byFile);
    } catch (err) {
      // A loader bug must not take the server down either; the log says which project and why.
      this.connection.console.error(
        `switchyard: validating ${entry.files.join(', ')} failed: ${describe(err)}`,
      );
    }
  }
}

function tooLarge(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'switchyard',
    message: `Switchyard does not check files over ${MAX_CHECKED_CHARS / 1024 / 1024} MB; a compose file is never this large`,
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
