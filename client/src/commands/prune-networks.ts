import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { dockerMessage } from './remove-network';

export async function pruneNetworks(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  if (!host?.docker) return;
  const prune = vscode.l10n.t('Prune');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove every Docker network on {0} that no container uses?', host.label),
    { modal: true },
    prune,
  );
  if (answer !== prune) return;
  try {
    const removed = await host.docker.pruneNetworks();
    await host.refresh();
    void vscode.window.showInformationMessage(
      removed.length === 0
        ? vscode.l10n.t('No unused networks.')
        : vscode.l10n.t('Removed {0}', removed.join(', ')),
    );
  } catch (err) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Prune failed on {0}: {1}', host.label, dockerMessage(err)),
    );
  }
}
