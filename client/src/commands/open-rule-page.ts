import * as vscode from 'vscode';
import { isRuleId } from '../views/rule-page-link';

/** The command: the page of `id`, or (from the palette) a pick among the shipped pages. */
export async function openRulePage(ctx: { extensionUri: vscode.Uri }, id?: unknown): Promise<void> {
  const folder = vscode.Uri.joinPath(ctx.extensionUri, 'docs', 'rules');
  // From a command link anyone can write: only a rule id, never a path.
  let rule = typeof id === 'string' && isRuleId(id) ? id : undefined;
  if (rule === undefined) {
    const pages = (await vscode.workspace.fs.readDirectory(folder))
      .map(([name]) => name.replace(/\.md$/, ''))
      .filter((x) => isRuleId(x) && x !== 'README')
      .sort();
    rule = await vscode.window.showQuickPick(pages, { title: vscode.l10n.t('Which rule?') });
    if (rule === undefined) return;
  }
  const page = vscode.Uri.joinPath(folder, `${rule}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Switchyard has no page for {0} in {1}; `switchyard explain {0}` prints what the CLI knows.',
        rule,
        folder.fsPath,
      ),
    );
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
