import * as vscode from 'vscode';
import { ruleIdOfHref } from './rule-page-link';

/** Opens a rule's page (the `docs/rules/ID.md` shipped in the extension) as a Markdown preview. */
export const RULE_PAGE_COMMAND = 'switchyard.rule.open';

/**
 * A diagnostic's `codeDescription.href` names the rule's page in the repository on GitHub, which the CLI and
 * SARIF users open in a browser. In the editor the same page is shipped with the extension: the link is turned
 * into this command, so a click in the Problems panel or the hover opens it offline, as a Markdown preview.
 * VS Code's Problems panel and hover open a code link with `allowCommands`.
 */
export function linkRulePages(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    const code = d.code;
    if (typeof code !== 'object' || !code.target) continue;
    const id = ruleIdOfHref(code.target.toString(true));
    if (id === undefined) continue;
    d.code = { value: code.value, target: commandUri(id) };
  }
  return diagnostics;
}

const commandUri = (id: string) =>
  vscode.Uri.parse(`command:${RULE_PAGE_COMMAND}?${encodeURIComponent(JSON.stringify([id]))}`);
