import * as vscode from 'vscode';
import { DaemonLogFollower } from '../logs/daemon-follower';
import type { TreeNode } from '../tree/nodes';
import { services, targetHost } from './command-context';
import type { CommandContext } from './command-context';

/** Follows the Docker daemon's log: journald under systemd, else the file dockerd writes to. */
export async function dockerDaemonLogs(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  if (!host || host.state !== 'connected') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  await services(ctx).logs.open(
    host.id,
    'docker-daemon',
    vscode.l10n.t('the Docker daemon log'),
    new DaemonLogFollower(),
  );
}
