import * as vscode from 'vscode';
import { ContainerLogFollower } from '../logs/container-follower';
import type { TreeNode } from '../tree/nodes';
import { services, targetHost } from './command-context';
import type { CommandContext } from './command-context';

/** Follows a container's log (last 500 lines, then live), from its tree row or picked from the running ones. */
export async function containerLogs(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  if (!host?.docker) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host with Docker first.'));
    return;
  }
  let id: string | undefined;
  let name: string | undefined;
  if (node?.kind === 'endpoint' && node.source === 'docker') {
    id = node.endpointId;
    name = node.network.Containers?.[id]?.Name;
  } else {
    const containers = await host.docker.containers();
    const pick = await vscode.window.showQuickPick(
      containers.map((c) => ({
        label: (c.Names[0] ?? c.Id).replace(/^\//, ''),
        description: c.Image,
        id: c.Id,
      })),
      { title: vscode.l10n.t('Container log on {0}: which container?', host.label) },
    );
    id = pick?.id;
    name = pick?.label;
  }
  if (!id) return;
  const label = name ?? id.slice(0, 12);
  await services(ctx).logs.open(
    host.id,
    `container-${label}`,
    vscode.l10n.t('the log of container {0}', label),
    new ContainerLogFollower(id),
  );
}
