import type { Severity } from '@switchyard/protocol';
import generated from './rule-docs.generated.json';

/** A rule's documentation, generated from its own metadata by `scripts/rule-docs.ts` (see docs/rules/). */
export interface RuleDoc {
  id: string;
  title: string;
  /** The first sentence of what it checks. */
  summary: string;
  /** What it checks, in full. */
  description: string;
  /** The severity it reports with unless configured (the most severe, when it has several). */
  severity: Severity;
  /** The titles of its quick fixes, as seen on its fixture. */
  fixes: string[];
  /** The page, in Markdown: `docs/rules/<id>.md`. */
  page: string;
}

const docs = generated as Record<string, RuleDoc>;

export function ruleDoc(id: string): RuleDoc | undefined {
  return docs[id.toUpperCase()];
}

export function allRuleDocs(): RuleDoc[] {
  return Object.values(docs);
}
