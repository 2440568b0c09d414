import type { Finding } from '@switchyard/core';
import type { Span } from '../yaml/tree';
import { configProblem } from '../findings/ignore-comments';
import { applyLayer } from '../findings/layer';
import { findProjectFile, withProjectFile } from '../findings/project-file';
import { readRuleCustomizations } from '../findings/settings';
import type { RuleSetting } from '../findings/levels';
import type { WorkspaceFiles } from './file-reader';

/**
 * The configuration layer in the editor: the project's `.switchyard.yaml` (read as the CLI reads it, open
 * buffer first), then the `switchyard.rules` setting on top, applied to each project's findings after the
 * rules ran. A bad setting is shown as a CONFIG diagnostic at the top of each project's first file, as the
 * setting itself has no place in a file the server sees.
 */
export class RuleLayer {
  private editor: { settings: RuleSetting[]; problems: string[] } = { settings: [], problems: [] };

  constructor(private readonly files: WorkspaceFiles) {}

  /** From `initializationOptions.rules` or `workspace/didChangeConfiguration` (`settings.switchyard.rules`). */
  setEditorSettings(raw: unknown): void {
    this.editor = readRuleCustomizations(raw);
  }

  apply(
    findings: Finding<Span>[],
    sources: ReadonlyMap<string, { text: string; lineStarts: number[] }>,
    firstFile: string,
  ): { findings: Finding<Span>[]; sources: Map<string, { text: string; lineStarts: number[] }> } {
    const pf = findProjectFile(firstFile, (p) => this.files.read(p));
    const all = withProjectFile(sources, pf);
    const top: Span = { file: firstFile, start: 0, end: 0 };
    const problems = [...(pf?.problems ?? []), ...this.editor.problems.map((m) => configProblem(m, top))];
    const config = [...(pf?.settings ?? []), ...this.editor.settings];
    return { findings: applyLayer(findings, all, config, problems), sources: all };
  }
}
