import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { checkNewName } from './object-name';

/** A sandbox (a network namespace with its own hostname, resolv.conf and hosts) on engine networks. */
export async function createSandbox(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  const engine = host?.engine?.client;
  if (!host || !engine) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deploy the engine on a host first.'));
    return;
  }
  const taken = new Set(host.engine?.sandboxes.map((s) => s.name));
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create sandbox (1/2): name'),
    validateInput: (v) => checkNewName(v, taken, vscode.l10n.t('a sandbox named {0} already exists', v)),
  });
  if (!name) return;
  const preselected = node?.kind === 'network' && node.source === 'engine' ? node.network.Name : undefined;
  const picks = await vscode.window.showQuickPick(
    (host.engine?.networks ?? []).map((n) => ({
      label: n.Name,
      description: n.IPAM.Config.map((c) => c.Subnet).join(', '),
      picked: n.Name === preselected,
    })),
    { title: vscode.l10n.t('Create sandbox (2/2): networks'), canPickMany: true },
  );
  if (!picks) return;
  await engine.call('sandbox.create', { name, networks: picks.map((p) => p.label) });
  await host.engine?.refresh();
}
