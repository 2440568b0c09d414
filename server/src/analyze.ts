import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from './compose/project';
import type { Span } from './compose/tree';
import { allRules } from './rules';
import type { Rule } from './rules/rule';

/** Every finding for a project: what the loader found, then each rule's, in rule order. */
export function analyze(
  project: ComposeProject,
  host: HostSnapshot | null,
  rules: Rule[] = allRules,
): Finding<Span>[] {
  const out: Finding<Span>[] = [...project.findings];
  const ctx = { project, host, report: (f: Finding<Span>) => out.push(f) };
  for (const rule of rules) rule.run(ctx);
  return out;
}
