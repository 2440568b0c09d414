import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

const predefined = new Set(['bridge', 'host', 'none']);

export async function removeNetwork(ctx: CommandContext, node?: TreeNode): Promise<void> {
  if (node?.kind !== 'network') return;
  const name = node.network.Name;
  if (predefined.has(name)) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('"{0}" is a predefined Docker network and cannot be removed.', name),
    );
    return;
  }
  const remove = vscode.l10n.t('Remove');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove network "{0}" from {1}?', name, node.host.label),
    { modal: true },
    remove,
  );
  if (answer !== remove) return;
  try {
    if (node.source === 'engine')
      await node.host.engine?.client?.call('network.rm', { network: node.network.Id });
    else await node.host.docker?.removeNetwork(node.network.Id);
    await node.host.refresh();
  } catch (err) {
    ctx.log.error(`remove network ${name}: ${String(err)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not remove "{0}": {1}', name, dockerMessage(err)),
    );
  }
}

/** Docker's own sentence from an API error, without the HTTP wrapping. */
export function dockerMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string };
  return e.json?.message ?? e.message ?? String(err);
}
