import type { Connection, Diagnostic } from 'vscode-languageserver';
import { analyzeKubernetes } from '../analyze-kubernetes';
import { diagnosticsByFile } from '../features/diagnostics';
import type { WorkspaceFiles } from './file-reader';
import type { KubernetesStore } from './kubernetes-store';
import type { RuleLayer } from './rule-layer';
import { Settler } from './settle';

interface Schedule {
  /** What was last sent per URI: the document's version and the diagnostics, as one string. */
  sent: Map<string, string>;
}

/**
 * Validates Kubernetes projects when the compose validator would (validator.ts, settle.ts): once the messages
 * already queued have been handled, so edits queued behind a validation cost one more, never one each.
 */
export class KubernetesValidator {
  private readonly schedules = new Map<string, Schedule>();
  private readonly settler = new Settler((key) => {
    const s = this.schedules.get(key);
    if (s !== undefined) this.validate(key, s);
  });

  constructor(
    private readonly connection: Connection,
    private readonly store: KubernetesStore,
    private readonly files: WorkspaceFiles,
    private readonly layer: RuleLayer,
  ) {}

  /** Validates every project again (the configuration changed). */
  scheduleAll(): void {
    for (const e of this.store.all()) this.schedule(e.key);
  }

  schedule(key: string): void {
    if (!this.schedules.has(key)) this.schedules.set(key, { sent: new Map() });
    this.settler.schedule(key);
  }

  private validate(key: string, s: Schedule): void {
    const entry = this.store.get(key);
    if (entry === undefined) return;
    try {
      const project = this.store.load(entry);
      const findings = analyzeKubernetes(project, undefined, (rule, err) =>
        this.connection.console.error(`switchyard: rule ${rule} failed on ${entry.root}: ${describe(err)}`),
      );
      const first = [...project.sources.keys()][0] ?? `${entry.root}/.`;
      const layered = this.layer.apply(findings, project.sources, first);
      this.publish(
        s,
        diagnosticsByFile(layered, layered.findings, (p) => this.files.uriOf(p)),
      );
    } catch (err) {
      this.connection.console.error(
        `switchyard: validating manifests under ${entry.root} failed: ${describe(err)}`,
      );
    }
  }

  /**
   * Sends a file's diagnostics only when they (or its open document's version) changed since the last
   * send: an edit re-checks the whole folder, but the other files' unchanged lists are not sent again.
   * A file that is no longer part of the project is cleared.
   */
  private publish(s: Schedule, byFile: Map<string, Diagnostic[]>): void {
    const now = new Map<string, string>();
    for (const [path, diagnostics] of byFile) {
      const uri = this.files.uriOf(path);
      const version = this.files.document(path)?.version;
      const state = `${version ?? ''}\0${JSON.stringify(diagnostics)}`;
      now.set(uri, state);
      if (s.sent.get(uri) === state) continue;
      void this.connection.sendDiagnostics({
        uri,
        diagnostics,
        ...(version !== undefined ? { version } : {}),
      });
    }
    for (const uri of s.sent.keys())
      if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    s.sent = now;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
