import type { Finding } from '@switchyard/core';
import type { Span } from '../yaml/tree';
import { positionAt } from '../lsp/positions';
import { applyIgnores } from './ignore-comments';
import { dropKnockOns } from './knock-ons';
import { levelFor } from './levels';
import type { RuleConfig } from './levels';

/** A project's sources as both loaders keep them. */
export interface LayerSources {
  get(path: string): { text: string; lineStarts: number[] } | undefined;
  keys(): Iterable<string>;
}

/**
 * The layer between the rules and the user, applied to a project's findings in the editor and the CLI
 * alike, after the rules ran (it never changes how they run): knock-ons of an interpolation error dropped,
 * `# switchyard-ignore` comments applied, then each code's level from the configuration (`.switchyard.yaml`,
 * then the `switchyard.rules` setting or `--rule` flags). Configuration problems are added as CONFIG findings.
 */
export function applyLayer(
  findings: Finding<Span>[],
  sources: LayerSources,
  config: RuleConfig,
  configProblems: Finding<Span>[] = [],
): Finding<Span>[] {
  const lineOf = (file: string, offset: number): number =>
    positionAt(sources.get(file)?.lineStarts ?? [0], offset).line;
  const files = new Map<string, { text: string; lineOf: (offset: number) => number }>();
  for (const path of sources.keys()) {
    const src = sources.get(path);
    if (src !== undefined) files.set(path, { text: src.text, lineOf: (o) => lineOf(path, o) });
  }
  const rooted = dropKnockOns(findings, lineOf);
  const { kept, problems } = applyIgnores(rooted, files);
  const out: Finding<Span>[] = [];
  for (const f of [...kept, ...problems, ...configProblems]) {
    const level = config.length === 0 ? f.severity : levelFor(config, f.code, f.severity);
    if (level === 'off') continue;
    out.push(level === f.severity ? f : { ...f, severity: level });
  }
  return out;
}
