import * as vscode from 'vscode';
import { EngineLogFollower } from '../logs/engine-follower';
import type { TreeNode } from '../tree/nodes';
import { services, targetHost } from './command-context';
import type { CommandContext } from './command-context';

/**
 * Follows the engine's embedded DNS server: its lines from the engine log, at debug level. The engine logs
 * the server's events (listening, upstream timeouts, forward and resolver failures), not every query.
 */
export async function dnsLogs(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = targetHost(ctx, node);
  if (!host?.engine?.client) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Deploy or connect the engine on a host first.'));
    return;
  }
  await services(ctx).logs.open(
    host.id,
    'engine-dns',
    vscode.l10n.t('the engine DNS server log'),
    new EngineLogFollower({ level: 'debug', dnsOnly: true }),
  );
}
