import type { Finding } from '@switchyard/core';
import type { HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject } from './compose/project';
import type { Span } from './yaml/tree';
import { plainSpan, withPlainSpans } from './yaml/tree';
import { contextOf } from './incremental/rule-inputs';
import type { Context } from './incremental/rule-inputs';
import { networkScopeFindings } from './incremental/networks';
import { ownBodiesOfAll, serviceScopeFindings } from './incremental/per-service';
import { ProjectWide } from './incremental/project-wide';
import { allRules } from './rules/registry';
import { keepingNothing } from './rules/compose/cache';
import { MAX_FINDINGS_PER_RULE } from './rules/rule';
import type { Rule } from './rules/rule';

export { MAX_FINDINGS_PER_RULE };

/** Called when a rule throws; the server logs it, tests fail on it. */
export type RuleCrashHandler = (rule: Rule, error: unknown) => void;

export interface AnalyzeOptions {
  /**
   * One analysis and no other after it (`switchyard lint`): nothing is kept for a next keystroke (no
   * per-service or per-rule records, no pinned findings, no interned context), and each scope's rules
   * hand out what they report as is. The findings are the same as with keeping: a kept finding is the
   * reported one until its text moves (incremental/README.md).
   */
  oneShot?: boolean;
}

/**
 * Every finding for a project: what the loader found, then each rule's, in rule order. A rule that throws
 * loses only its own findings: one bug must not blank every diagnostic in the editor.
 */
export function analyze(
  project: ComposeProject,
  host: HostSnapshot | null,
  rules: Rule[] = allRules,
  onCrash: RuleCrashHandler = rethrowUnderTest,
  options: AnalyzeOptions = {},
): Finding<Span>[] {
  if (options.oneShot === true)
    return keepingNothing(() => analyzeWith(project, host, rules, onCrash, false));
  return analyzeWith(project, host, rules, onCrash, true);
}

function analyzeWith(
  project: ComposeProject,
  host: HostSnapshot | null,
  rules: Rule[],
  onCrash: RuleCrashHandler,
  keep: boolean,
): Finding<Span>[] {
  const out: Finding<Span>[] = [...project.findings];
  // Rules that declare a narrower scope keep their findings across edits (incremental/).
  const context = keep ? contextOf(project, host, rules) : ONE_SHOT;
  const bodies = ownBodiesOfAll(project, keep);
  const scoped = rules.filter((r) => r.scope === 'service');
  const perService = serviceScopeFindings({ project, host, rules: scoped, context, bodies, onCrash, keep });
  const onNetworks = rules.filter((r) => r.scope === 'networks');
  const perNetworks = networkScopeFindings({
    project,
    host,
    rules: onNetworks,
    context,
    bodies,
    onCrash,
    keep,
  });
  // The other rules read the whole project; those that say what they read keep their findings meanwhile.
  const wide = new ProjectWide(project, context, bodies, keep);
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
      // A rule that counted findings past the cap (the port rules) runs again next time: the count is not kept.
      let crashed = false;
      let counted = 0;
      const { found, beyond } = wide.findings(rule, (into) => {
        try {
          rule.run({ project, host, report: into, skipped: (n) => (counted += n) });
        } catch (error) {
          crashed = true;
          onCrash(rule, error);
        }
        return !crashed && counted === 0;
      });
      if (crashed) continue;
      more += counted + beyond;
      for (const f of found) report(f);
    }
    for (const f of mine) out.push(withPlainSpans(f)); // not push(...mine): 200k findings overflow the stack
    const last = mine[mine.length - 1];
    if (more > 0 && last) out.push(tooMany(rule, more, plainSpan(last.at)));
  }
  return out;
}

/** The context of a one-shot analysis: never interned, never the key of a record. */
const ONE_SHOT: Context = Object.freeze([]);

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
