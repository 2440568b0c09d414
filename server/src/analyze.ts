import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from './compose/project';
import type { Span } from './yaml/tree';
import { contextOf } from './incremental/context';
import { networkScopeFindings } from './incremental/networks';
import { serviceScopeFindings } from './incremental/per-service';
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
  // Rules that declare a narrower scope keep their findings across edits (incremental/).
  const context = contextOf(project, host, rules);
  const scoped = rules.filter((r) => r.scope === 'service');
  const perService = serviceScopeFindings({ project, host, rules: scoped, context, onCrash });
  const onNetworks = rules.filter((r) => r.scope === 'networks');
  const perNetworks = networkScopeFindings({ project, host, rules: onNetworks, context, onCrash });
  for (const rule of rules) {
    const mine: Finding<Span>[] = [];
    let more = 0;
    const report = (f: Finding<Span>) => {
      if (mine.length < MAX_FINDINGS_PER_RULE) mine.push(f);
      else more++;
    };
    if (rule.scope === 'service') {
      for (const f of perService[scoped.indexOf(rule)] ?? []) report(f);
    } else if (rule.scope === 'networks') {
      for (const f of perNetworks[onNetworks.indexOf(rule)] ?? []) report(f);
    } else {
      try {
        rule.run({ project, host, report });
      } catch (error) {
        onCrash(rule, error);
        continue;
      }
    }
    for (const f of mine) out.push(f); // not push(...mine): 200k findings overflow the stack
    const last = mine[mine.length - 1];
    if (more > 0 && last) out.push(tooMany(rule, more, last.at));
  }
  return out;
}

/**
 * A rule reports at most this many findings for one project; the rest are counted in one LIMIT warning.
 * An editor shows no more, and 200,000 undefined networks would otherwise print 70 MB.
 */
export const MAX_FINDINGS_PER_RULE = 1000;

function tooMany(rule: Rule, more: number, at: Span): Finding<Span> {
  return {
    code: 'LIMIT',
    severity: 'warning',
    message:
      `${rule.id} found ${more.toLocaleString('en-US')} more problems after the first ` +
      `${MAX_FINDINGS_PER_RULE.toLocaleString('en-US')}; they are not reported one by one`,
    at,
  };
}

/** Under `node --test` a crash is a failure; elsewhere it goes to stderr (the LSP log) and the rest go on. */
function rethrowUnderTest(rule: Rule, error: unknown): void {
  if (process.env['NODE_TEST_CONTEXT'] !== undefined) throw error;
  console.error(
    `rule ${rule.id} crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
}
