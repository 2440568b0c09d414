import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

export async function removeSandbox(_ctx: CommandContext, node?: TreeNode): Promise<void> {
  if (node?.kind !== 'sandbox') return;
  const engine = node.host.engine?.client;
  if (!engine) return;
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove sandbox "{0}" and its endpoints from {1}?', node.sandbox.name, node.host.label),
    { modal: true },
    remove,
  );
  if (answer !== remove) return;
  await engine.call('sandbox.rm', { sandbox: node.sandbox.name, force: true });
  await node.host.engine?.refresh();
}
