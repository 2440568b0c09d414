import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/** Uploads the bundled engine to the host (checked by hash), starts it as root and connects, with progress. */
export async function deployEngine(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  if (!host?.engine) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  const engine = host.engine;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Switchyard engine on {0}', host.label),
    },
    (progress) => engine.deploy((message) => progress.report({ message }), ctx.memberships?.get(host.id)),
  );
}
