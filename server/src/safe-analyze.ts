import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import { analyze } from './analyze';
import type { AnalyzeOptions } from './analyze';
import type { ComposeProject } from './compose/project';
import type { Span } from './yaml/tree';
import { allRules } from './rules/registry';
import type { Rule } from './rules/rule';

/**
 * `analyze` for the editor and the CLI: a rule that throws costs only its own findings, the editor keeps every
 * other diagnostic, and `onRuleError` names the rule for the log.
 */
export function analyzeSafely(
  project: ComposeProject,
  host: HostSnapshot | null,
  onRuleError: (ruleId: string, err: unknown) => void,
  rules: Rule[] = allRules,
  options: AnalyzeOptions = {},
): Finding<Span>[] {
  return analyze(project, host, rules, (rule, err) => onRuleError(rule.id, err), options);
}
