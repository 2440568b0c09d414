import * as vscode from 'vscode';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { connectHost } from './connect-host';
import { disconnectHost } from './disconnect-host';
import { forgetHostSecrets } from './forget-secrets';
import { addHost } from './add-host';
import { connectEndpoint, disconnectEndpoint } from './connect-endpoint';
import { inspectNetwork } from './inspect-network';
import { pruneNetworks } from './prune-networks';
import { refresh } from './refresh';
import { removeNetwork } from './remove-network';
import { createNetwork } from './create-network';
import { deployEngine } from './deploy-engine';
import { formCluster } from './form-cluster';
import { leaveCluster } from './leave-cluster';
import { removeEngine } from './remove-engine';
import { createSandbox } from './create-sandbox';
import { removeSandbox } from './remove-sandbox';
import { ping } from './ping';
import { dnsLookup } from './dns-lookup';
import { tcpProbe } from './tcp-probe';
import { capture } from './capture';
import { engineLogs } from './logs-engine';
import { dnsLogs } from './logs-dns';
import { dockerDaemonLogs } from './logs-docker';
import { containerLogs } from './logs-container';
import { setDockerLogLevel } from './docker-log-level';
import { topology } from './topology';
import { composeCreateNetworks } from './compose-create-networks';
import { composeDryRun } from './compose-dry-run';
import { composeTeardown } from './compose-teardown';
import { TREE_ITEM_COMMANDS } from './tree-item-commands';
import { probeService } from './service-probe';
import { openRulePage } from './open-rule-page';

type Command = (ctx: CommandContext, node?: TreeNode) => Promise<void>;

/** Every command, by id. package.json `contributes.commands` lists the same ids. */
export const commands: Record<string, Command> = {
  'switchyard.host.connect': connectHost,
  'switchyard.host.disconnect': disconnectHost,
  'switchyard.host.forgetSecrets': forgetHostSecrets,
  'switchyard.host.add': addHost,
  'switchyard.endpoint.connect': connectEndpoint,
  'switchyard.endpoint.disconnect': disconnectEndpoint,
  'switchyard.tree.refresh': refresh,
  'switchyard.network.create': createNetwork,
  'switchyard.network.inspect': inspectNetwork,
  'switchyard.network.remove': removeNetwork,
  'switchyard.network.prune': pruneNetworks,
  'switchyard.engine.deploy': deployEngine,
  'switchyard.cluster.form': formCluster,
  'switchyard.cluster.leave': leaveCluster,
  'switchyard.engine.remove': removeEngine,
  'switchyard.sandbox.create': createSandbox,
  'switchyard.sandbox.remove': removeSandbox,
  'switchyard.endpoint.ping': ping,
  'switchyard.endpoint.dns': dnsLookup,
  'switchyard.endpoint.tcp': tcpProbe,
  'switchyard.endpoint.capture': capture,
  'switchyard.logs.engine': engineLogs,
  'switchyard.logs.dns': dnsLogs,
  'switchyard.logs.docker': dockerDaemonLogs,
  'switchyard.container.logs': containerLogs,
  'switchyard.docker.setLogLevel': setDockerLogLevel,
  'switchyard.host.topology': topology,
  'switchyard.compose.createNetworks': composeCreateNetworks,
  'switchyard.compose.dryRun': composeDryRun,
  'switchyard.compose.teardown': composeTeardown,
  'switchyard.service.probe': probeService,
  'switchyard.rule.open': openRulePage,
};

/**
 * Registers every command. `titles` (from `commandTitles`) names a command in what the user sees; a title not
 * found falls back to "Switchyard", never to the id.
 */
export function registerCommands(
  ctx: CommandContext,
  titles: ReadonlyMap<string, string>,
): vscode.Disposable[] {
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (node?: TreeNode) => {
      const title = titles.get(id) ?? 'Switchyard';
      if (TREE_ITEM_COMMANDS.has(id) && !isTreeNode(node)) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('{0}: right-click a row in the Switchyard view to run it.', title),
        );
        return;
      }
      try {
        await run(ctx, node);
        ctx.walkthrough?.happened(`onCommand:${id}`);
      } catch (err) {
        // Full detail goes to the log; the user gets one sentence.
        ctx.log.error(`${title} (${id}): ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        void vscode.window.showErrorMessage(
          vscode.l10n.t('{0} failed: {1}', title, err instanceof Error ? err.message : String(err)),
        );
      }
    }),
  );
}

function isTreeNode(node: unknown): node is TreeNode {
  return typeof node === 'object' && node !== null && 'kind' in node;
}
