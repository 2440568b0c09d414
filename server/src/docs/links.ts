import { knownCodes } from '../findings/catalog';

/**
 * Where a rule's page is, for a link a user can open from a diagnostic: the page in the repository's
 * `docs/rules/` folder, as rendered by the forge (the same page `switchyard explain ID` prints).
 */
export const REPOSITORY_URL = 'https://github.com/switchyard/switchyard';
export const RULE_DOCS_URL = `${REPOSITORY_URL}/blob/main/docs/rules/`;

/** The page of a known code, or undefined for a code that has none. */
export function ruleHref(code: string): string | undefined {
  return knownCodes().has(code) ? `${RULE_DOCS_URL}${code}.md` : undefined;
}
