import { knownCodes } from '../findings/catalog';
import { allRuleDocs, ruleDoc } from '../docs/rule-docs';
import { RULE_DOCS_URL } from '../docs/links';
import type { CliIO } from './cli-io';

/**
 * `switchyard explain NET010` prints the rule's page (the same Markdown as docs/rules/NET010.md);
 * `switchyard explain` lists every rule with its default severity and title.
 */
export function explain(rule: string | undefined, io: Pick<CliIO, 'stdout' | 'stderr'>): number {
  if (rule === undefined) {
    const lines = allRuleDocs().map((d) => `${d.id.padEnd(9)} ${d.severity.padEnd(11)} ${d.title}`);
    io.stdout(
      `${lines.join('\n')}\n\nswitchyard explain ID prints a rule's page; all pages: ${RULE_DOCS_URL}\n`,
    );
    return 0;
  }
  const doc = ruleDoc(rule);
  if (doc === undefined) {
    const known = knownCodes().has(rule.toUpperCase());
    io.stderr(
      known
        ? `switchyard: ${rule.toUpperCase()} has no page yet (${RULE_DOCS_URL})\n`
        : `switchyard: unknown rule "${rule}"; \`switchyard explain\` lists the rules\n`,
    );
    return 2;
  }
  io.stdout(doc.page.endsWith('\n') ? doc.page : `${doc.page}\n`);
  return 0;
}
