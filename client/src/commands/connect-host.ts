import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

export async function connectHost(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node?.kind === 'host' ? node.host : await pickHost(ctx);
  if (!host) return;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Connecting to {0}…', host.label),
    },
    () => ctx.hosts.connect(host),
  );
  if (host.state === 'failed') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not connect to {0}: {1}', host.label, host.lastError ?? ''),
    );
  }
}

async function pickHost(ctx: CommandContext) {
  const pick = await vscode.window.showQuickPick(
    ctx.hosts.hosts.map((h) => ({ label: h.label, description: h.state, host: h })),
    { title: vscode.l10n.t('Connect to host') },
  );
  return pick?.host;
}
