import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import { analyze } from '../analyze';
import type { ComposeProject } from '../compose/project';
import type { Span } from '../compose/tree';
import { allRules } from '../rules';
import type { Rule } from '../rules/rule';

/**
 * `analyze`, but a rule that throws costs only its own findings: the editor keeps every other diagnostic and
 * the log names the rule. The fast path is one `analyze` call; only when it throws are the rules re-run one
 * at a time (their per-project caches make the re-run cheap).
 */
export function analyzeSafely(
  project: ComposeProject,
  host: HostSnapshot | null,
  onRuleError: (ruleId: string, err: unknown) => void,
  rules: Rule[] = allRules,
): Finding<Span>[] {
  try {
    return analyze(project, host, rules);
  } catch {
    const out = analyze(project, host, []);
    const loaderCount = out.length;
    for (const rule of rules) {
      try {
        out.push(...analyze(project, host, [rule]).slice(loaderCount));
      } catch (err) {
        onRuleError(rule.id, err);
      }
    }
    return out;
  }
}
