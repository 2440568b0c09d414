import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

export async function inspectNetwork(ctx: CommandContext, node?: TreeNode): Promise<void> {
  if (node?.kind !== 'network' || !node.host.docker) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Pick a network in the Switchyard view to inspect it.'),
    );
    return;
  }
  const fresh = await node.host.docker.inspectNetwork(node.network.Id);
  await ctx.inspect.show(node.host.label, fresh.Name, fresh);
}
