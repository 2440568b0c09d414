import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import { services, targetHost } from './command-context';
import { TopologyPanel } from '../views/topology/panel';
import type { CommandContext } from './command-context';

/** Draws the host's networks, sandboxes and containers as a graph; a click reveals the item in the tree. */
export async function topology(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  if (!host || host.state !== 'connected') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  TopologyPanel.show(host, services(ctx).treeView, ctx.extensionUri, ctx.hosts);
}
