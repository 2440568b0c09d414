import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from './compose/project';
import type { Span } from './compose/tree';
import { allRules } from './rules';
import type { Rule } from './rules/rule';

/** Called when a rule throws; the server logs it, tests fail on it. */
export type RuleCrashHandler = (rule: Rule, error: unknown) => void;

/**
 * Every finding for a project: what the loader found, then each rule's, in rule order. A rule that throws
 * loses only its own findings: one bug must not blank every diagnostic in the editor.
 */
export function analyze(
  project: ComposeProject,
  host: HostSnapshot | null,
  rules: Rule[] = allRules,
  onCrash: RuleCrashHandler = rethrowUnderTest,
): Finding<Span>[] {
  const out: Finding<Span>[] = [...project.findings];
  for (const rule of rules) {
    const mine: Finding<Span>[] = [];
    try {
      rule.run({ project, host, report: (f: Finding<Span>) => mine.push(f) });
      out.push(...mine);
    } catch (error) {
      onCrash(rule, error);
    }
  }
  return out;
}

/** Under `node --test` a crash is a failure; elsewhere it goes to stderr (the LSP log) and the rest go on. */
function rethrowUnderTest(rule: Rule, error: unknown): void {
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) throw error;
  console.error(
    `rule ${rule.id} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
