import * as vscode from 'vscode';
import { LogLevelSchema } from '@switchyard/protocol';
import type { LogLevel } from '@switchyard/protocol';
import { EngineLogFollower } from '../logs/engine-follower';
import type { TreeNode } from '../tree/nodes';
import { services, targetHost } from './command-context';
import type { CommandContext } from './command-context';

/** Follows the engine's log in a document, filtered by a level and optionally one network (quick picks). */
export async function engineLogs(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  if (!host?.engine?.client) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deploy or connect the engine on a host first.'));
    return;
  }
  const level = await vscode.window.showQuickPick(
    LogLevelSchema.options.map((l) => ({ label: l })),
    { title: vscode.l10n.t('Engine log on {0}: lowest level to show', host.label) },
  );
  if (!level) return;
  const fromNode = node?.kind === 'network' && node.source === 'engine' ? node.network.Name : undefined;
  const network =
    fromNode ??
    (await pickNetwork(
      host.label,
      host.engine.networks.map((n) => n.Name),
    ));
  if (network === undefined) return;
  const key = `engine-${level.label}${network ? `-${network}` : ''}`;
  const title = network
    ? vscode.l10n.t('the engine log ({0}, network {1})', level.label, network)
    : vscode.l10n.t('the engine log ({0})', level.label);
  await services(ctx).logs.open(
    host.id,
    key,
    title,
    new EngineLogFollower({ level: level.label as LogLevel, network: network || undefined, dnsOnly: false }),
  );
}

/** '' for every network, a name for one, undefined when the user cancels. */
async function pickNetwork(host: string, names: string[]): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    [{ label: vscode.l10n.t('All networks'), name: '' }, ...names.map((name) => ({ label: name, name }))],
    { title: vscode.l10n.t('Engine log on {0}: lines about which network?', host) },
  );
  return pick?.name;
}
