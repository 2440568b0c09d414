import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/**
 * Closes the connection to a host (its SSH link, Docker and engine streams; the engine itself keeps running on
 * the host). Its networks leave the tree and its host-aware diagnostics leave the compose files.
 */
export async function disconnectHost(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node?.kind === 'host' ? node.host : await pickConnected(ctx);
  if (!host) return;
  await ctx.hosts.disconnect(host);
  void vscode.window.showInformationMessage(vscode.l10n.t('Disconnected from {0}.', host.label));
}

async function pickConnected(ctx: CommandContext) {
  const connected = ctx.hosts.hosts.filter((h) => h.state === 'connected' || h.state === 'connecting');
  if (connected.length <= 1) return connected[0];
  const pick = await vscode.window.showQuickPick(
    connected.map((h) => ({ label: h.label, description: h.state, host: h })),
    { title: vscode.l10n.t('Disconnect from host') },
  );
  return pick?.host;
}
