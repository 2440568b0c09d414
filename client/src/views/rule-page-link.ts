// Which rule a diagnostic's link names (rule-pages.ts turns it into the page shipped with the extension). Pure.

/** `…/docs/rules/NET010.md` → `NET010`; undefined for any other link. */
export function ruleIdOfHref(href: string): string | undefined {
  return /\/docs\/rules\/([A-Z][A-Z0-9]*)\.md$/.exec(href)?.[1];
}

/** A rule id as the pages are named (`NET010`, `K8S003`, `CONFIG`): never a path. */
export const isRuleId = (id: string): boolean => /^[A-Z][A-Z0-9]*$/.test(id);
