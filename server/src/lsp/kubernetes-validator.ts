import type { Connection } from 'vscode-languageserver';
import { analyzeKubernetes } from '../analyze-kubernetes';
import { diagnosticsByFile } from '../features/diagnostics';
import type { WorkspaceFiles } from './file-reader';
import type { KubernetesStore } from './kubernetes-store';
import { DiagnosticsPublisher } from './publish';
import type { RuleLayer } from './rule-layer';
import { Settler } from './settle';

/**
 * Validates Kubernetes projects when the compose validator would (validator.ts, settle.ts): once the messages
 * already queued have been handled, so edits queued behind a validation cost one more, never one each.
 * Diagnostics go out through the same publisher as compose's (publish.ts): a file read by two projects (a
 * kustomize base outside the folder whose overlay uses it) gets both projects' findings, only changed lists
 * are sent again, and YAML syntax errors are left out when an editor beside us reports them.
 */
export class KubernetesValidator {
  private readonly settler = new Settler((key) => this.validate(key));
  private readonly publisher: DiagnosticsPublisher;

  constructor(
    private readonly connection: Connection,
    private readonly store: KubernetesStore,
    private readonly files: WorkspaceFiles,
    private readonly layer: RuleLayer,
  ) {
    this.publisher = new DiagnosticsPublisher(connection, files);
  }

  /** Validates every project again (the configuration changed). */
  scheduleAll(): void {
    for (const e of this.store.all()) this.schedule(e.key);
  }

  schedule(key: string): void {
    this.settler.schedule(key);
  }

  private validate(key: string): void {
    const entry = this.store.get(key);
    if (entry === undefined) return;
    try {
      const project = this.store.load(entry);
      const findings = analyzeKubernetes(project, undefined, (rule, err) =>
        this.connection.console.error(`switchyard: rule ${rule} failed on ${entry.root}: ${describe(err)}`),
      );
      const first = [...project.sources.keys()][0] ?? `${entry.root}/.`;
      const layered = this.layer.apply(findings, project.sources, first);
      this.publisher.publish(
        key,
        diagnosticsByFile(layered, layered.findings, (p) => this.files.uriOf(p)),
      );
    } catch (err) {
      this.connection.console.error(
        `switchyard: validating manifests under ${entry.root} failed: ${describe(err)}`,
      );
    }
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
