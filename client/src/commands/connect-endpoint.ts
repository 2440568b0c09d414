import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { dockerMessage } from './remove-network';

/**
 * Connects a sandbox to an engine network, or a running container to a Docker network: started from the
 * network (pick what to attach) or from the sandbox (pick the network), with an optional static address.
 */
export async function connectEndpoint(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  if (!host) return;
  if (node?.kind === 'network' && node.source === 'docker')
    return connectContainer(host, node.network.Id, node.network.Name);
  const network =
    node?.kind === 'network'
      ? node.network.Name
      : await pickEngineNetwork(host, vscode.l10n.t('Connect to which network?'));
  const sandbox = node?.kind === 'sandbox' ? node.sandbox.name : await pickSandbox(host, network);
  if (!network || !sandbox || !host.engine?.client) return;
  const ip = await vscode.window.showInputBox({
    title: vscode.l10n.t('Static IPv4 address for {0} on {1} (empty: the next free one)', sandbox, network),
  });
  if (ip === undefined) return;
  const ep = await host.engine.client.call('network.connect', { network, sandbox, ...(ip ? { ip } : {}) });
  await host.engine.refresh();
  void vscode.window.showInformationMessage(
    vscode.l10n.t('{0} joined {1} as {2}.', sandbox, network, ep.ipv4 ?? ep.ipv6 ?? '?'),
  );
}

/** Disconnects the endpoint the user picked in the tree (engine sandbox or Docker container). */
export async function disconnectEndpoint(ctx: CommandContext, node?: TreeNode): Promise<void> {
  if (node?.kind !== 'endpoint') return;
  const name = node.network.Containers?.[node.endpointId]?.Name ?? node.endpointId;
  const disconnect = vscode.l10n.t('Disconnect');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Disconnect {0} from {1}?', name, node.network.Name),
    { modal: true },
    disconnect,
  );
  if (answer !== disconnect) return;
  try {
    if (node.source === 'engine') {
      await node.host.engine?.client?.call('network.disconnect', {
        network: node.network.Name,
        sandbox: name,
      });
    } else {
      await node.host.docker?.disconnect(node.network.Id, node.endpointId);
    }
    await node.host.refresh();
  } catch (err) {
    ctx.log.error(`disconnect ${name} from ${node.network.Name}: ${String(err)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not disconnect {0}: {1}', name, dockerMessage(err)),
    );
  }
}

async function connectContainer(host: Host, networkId: string, networkName: string): Promise<void> {
  const containers = (await host.docker?.containers()) ?? [];
  const pick = await vscode.window.showQuickPick(
    containers.map((c) => ({
      label: (c.Names[0] ?? c.Id).replace(/^\//, ''),
      description: c.Image,
      id: c.Id,
    })),
    { title: vscode.l10n.t('Connect which running container to {0}?', networkName) },
  );
  if (!pick || !host.docker) return;
  try {
    await host.docker.connect(networkId, pick.id);
    await host.refresh();
  } catch (err) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Docker refused: {0}', dockerMessage(err)));
  }
}

async function pickEngineNetwork(host: Host, title: string): Promise<string | undefined> {
  const pick = await vscode.window.showQuickPick(
    (host.engine?.networks ?? []).map((n) => ({
      label: n.Name,
      description: n.IPAM.Config.map((c) => c.Subnet).join(', '),
    })),
    { title },
  );
  return pick?.label;
}

async function pickSandbox(host: Host, network: string | undefined): Promise<string | undefined> {
  if (!network) return undefined;
  const pick = await vscode.window.showQuickPick(
    (host.engine?.sandboxes ?? [])
      .filter((s) => !s.endpoints.some((e) => e.network === network))
      .map((s) => ({ label: s.name, description: s.endpoints.map((e) => e.network).join(', ') })),
    { title: vscode.l10n.t('Connect which sandbox to {0}?', network) },
  );
  return pick?.label;
}
