import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './context';
import { connectHost } from './connect-host';
import { inspectNetwork } from './inspect-network';
import { pruneNetworks } from './prune-networks';
import { refresh } from './refresh';
import { removeNetwork } from './remove-network';
import { createNetwork } from './create-network';
import { deployEngine } from './deploy-engine';
import { createSandbox } from './create-sandbox';
import { removeSandbox } from './remove-sandbox';
import { ping } from './ping';
import { dnsLookup } from './dns-lookup';
import { tcpProbe } from './tcp-probe';
import { capture } from './capture';

type Command = (ctx: CommandContext, node?: TreeNode) => Promise<void>;

/** Every command, by id. package.json `contributes.commands` lists the same ids. */
export const commands: Record<string, Command> = {
  'switchyard.host.connect': connectHost,
  'switchyard.tree.refresh': refresh,
  'switchyard.network.create': createNetwork,
  'switchyard.network.inspect': inspectNetwork,
  'switchyard.network.remove': removeNetwork,
  'switchyard.network.prune': pruneNetworks,
  'switchyard.engine.deploy': deployEngine,
  'switchyard.sandbox.create': createSandbox,
  'switchyard.sandbox.remove': removeSandbox,
  'switchyard.endpoint.ping': ping,
  'switchyard.endpoint.dns': dnsLookup,
  'switchyard.endpoint.tcp': tcpProbe,
  'switchyard.endpoint.capture': capture,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (node?: TreeNode) => {
      try {
        await run(ctx, node);
      } catch (err) {
        // Full detail goes to the log; the user gets one sentence.
        ctx.log.error(`${id}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('{0} failed: {1}', id, err instanceof Error ? err.message : String(err)),
        );
      }
    }),
  );
}
