import * as vscode from 'vscode';
import { becomeRoot } from '../engine-control/sudo';
import { stopEtcdMember } from '../engine-control/etcd-member';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/**
 * Leave Cluster: the host's engine is restarted without the store (a single-host engine again; its overlay
 * endpoints leave the other hosts' tables when its lease ends), and an etcd member that Form Cluster started
 * there is stopped and its data removed. Asks first.
 */
export async function leaveCluster(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const members = ctx.hosts.hosts.filter((h) => ctx.memberships?.get(h.id));
  const fromNode = node && 'host' in node ? node.host : undefined;
  const host =
    fromNode && ctx.memberships?.get(fromNode.id)
      ? fromNode
      : (
          await vscode.window.showQuickPick(
            members.map((h) => ({ label: h.label, description: ctx.memberships?.get(h.id)?.store, host: h })),
            { title: vscode.l10n.t('Leave cluster: which host') },
          )
        )?.host;
  if (!host) {
    if (members.length === 0)
      void vscode.window.showInformationMessage(vscode.l10n.t('No host is in a cluster.'));
    return;
  }
  const membership = ctx.memberships?.get(host.id);
  if (!membership) return;
  const leave = vscode.l10n.t('Leave cluster');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Restart the engine on {0} without the store {1}? Its overlay networks and their endpoints go from this host.{2}',
      host.label,
      membership.store,
      membership.etcdMember
        ? ' ' +
            vscode.l10n.t(
              'The etcd member started there is stopped and its data ({0}) removed.',
              membership.etcdMember.dataDir,
            )
        : '',
    ),
    { modal: true },
    leave,
  );
  if (answer !== leave) return;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('{0} leaves the cluster', host.label),
    },
    async (progress) => {
      await host.engine?.deploy((message) => progress.report({ message }), undefined);
      await ctx.memberships?.set(host.id, undefined);
      if (membership.etcdMember && host.transport) {
        progress.report({ message: vscode.l10n.t('stopping etcd') });
        await stopEtcdMember(
          await becomeRoot(host.transport, host.transport.sudoPassword),
          membership.etcdMember,
        );
      }
    },
  );
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} left the cluster.', host.label));
}
