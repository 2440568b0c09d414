import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/**
 * "Remove Engine from Host": asks first (it deletes every engine network and sandbox on the host), then
 * stops the daemon and removes everything it made (engine/src/uninstall.ts), with progress.
 */
export async function removeEngine(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  if (!host?.engine) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  const engine = host.engine;
  const remove = vscode.l10n.t('Remove Engine');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Remove the Switchyard engine from {0}? Its networks and sandboxes are deleted, its firewall rules and state removed and the settings it changed put back.',
      host.label,
    ),
    { modal: true },
    remove,
  );
  if (answer !== remove) return;
  const report = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Removing the Switchyard engine from {0}', host.label),
    },
    (progress) => engine.uninstall((message) => progress.report({ message })),
  );
  ctx.log.info(`${host.label}: engine removed: ${JSON.stringify(report.report)}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t('Removed the Switchyard engine from {0}: {1}', host.label, report.summary),
  );
  await host.refresh();
}
