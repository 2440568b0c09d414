import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './context';
import { checkNewName } from './object-name';
import { precheckNetwork, suggestSubnet } from './create-network-check';
import type { NetworkDraft } from './create-network-check';
import { dockerMessage } from './remove-network';

/**
 * A multi-step quick pick: name, driver, subnet (a free one suggested), gateway, ip-range, internal, IPv6,
 * labels. The draft is checked with core/ before anything is sent, so Docker's refusals show up as the
 * user types, with Docker's words.
 */
export async function createNetwork(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const host = node && 'host' in node ? node.host : ctx.hosts.active;
  const toEngine = (node?.kind === 'group' || node?.kind === 'network') && node.source === 'engine';
  if (!host || (toEngine ? !host.engine?.client : !host.docker)) {
    void vscode.window.showInformationMessage(
      toEngine
        ? vscode.l10n.t('Deploy the engine on a host first.')
        : vscode.l10n.t('Connect to a host with Docker first.'),
    );
    return;
  }
  const draft = await askDraft(host, toEngine ? vscode.l10n.t('in the engine') : vscode.l10n.t('in Docker'));
  if (!draft) return;
  if (toEngine) {
    await host.engine?.client?.call('network.create', {
      name: draft.name,
      driver: draft.driver,
      internal: draft.internal,
      enableIPv6: draft.enableIpv6,
      labels: draft.labels,
      ipam: draft.subnet
        ? [
            {
              subnet: draft.subnet,
              ...(draft.gateway ? { gateway: draft.gateway } : {}),
              ...(draft.ipRange ? { ipRange: draft.ipRange } : {}),
            },
          ]
        : [],
    });
    await host.engine?.refresh();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Created network "{0}" in the engine on {1}.', draft.name, host.label),
    );
    return;
  }
  try {
    await host.docker?.createNetwork({
      name: draft.name,
      driver: draft.driver,
      internal: draft.internal,
      enableIpv6: draft.enableIpv6,
      options: {},
      labels: draft.labels,
      ...(draft.subnet ? { subnet: draft.subnet } : {}),
      ...(draft.gateway ? { gateway: draft.gateway } : {}),
      ...(draft.ipRange ? { ipRange: draft.ipRange } : {}),
    });
    await host.refresh();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Created network "{0}" on {1}.', draft.name, host.label),
    );
  } catch (err) {
    ctx.log.error(`create network ${draft.name}: ${String(err)}`);
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Docker refused "{0}": {1}', draft.name, dockerMessage(err)),
    );
  }
}

async function askDraft(host: Host, where: string): Promise<NetworkDraft | undefined> {
  // Subnets taken by Docker and by the engine both count: the kernel routes them on the same host.
  const all = [...host.networks, ...(host.engine?.networks ?? [])];
  const taken = new Set(all.map((n) => n.Name));
  const used = all.flatMap((n) => (n.IPAM.Config ?? []).map((c) => c.Subnet ?? '')).filter(Boolean);
  const name = await vscode.window.showInputBox({
    // The first step names the destination, so the user sees whether Docker or the engine will get it.
    title: vscode.l10n.t('Create network on {0} {1} (1/5): name', host.label, where),
    validateInput: (v) => checkNewName(v, taken, vscode.l10n.t('network with name {0} already exists', v)),
  });
  if (!name) return undefined;
  const driver = await vscode.window.showQuickPick(['bridge', 'macvlan', 'ipvlan', 'overlay'], {
    title: vscode.l10n.t('Create network (2/5): driver'),
  });
  if (!driver) return undefined;
  const suggested = suggestSubnet(used);
  const draft: NetworkDraft = {
    name,
    driver,
    internal: false,
    enableIpv6: false,
    labels: {},
    usedSubnets: used,
  };
  const subnet = await askChecked(
    draft,
    'subnet',
    vscode.l10n.t('Create network (3/5): subnet, empty for automatic'),
    suggested,
  );
  if (subnet === undefined) return undefined;
  draft.subnet = subnet || undefined;
  if (draft.subnet) {
    const gateway = await askChecked(
      draft,
      'gateway',
      vscode.l10n.t('Create network (4/5): gateway, empty for the first address'),
      '',
    );
    if (gateway === undefined) return undefined;
    draft.gateway = gateway || undefined;
  }
  const flags = await vscode.window.showQuickPick(
    [
      { label: 'internal', description: vscode.l10n.t('no way out, no NAT') },
      { label: 'ipv6', description: vscode.l10n.t('enable IPv6') },
    ],
    { title: vscode.l10n.t('Create network (5/5): options'), canPickMany: true },
  );
  if (!flags) return undefined;
  draft.internal = flags.some((f) => f.label === 'internal');
  draft.enableIpv6 = flags.some((f) => f.label === 'ipv6');
  return draft;
}

async function askChecked(
  draft: NetworkDraft,
  field: 'subnet' | 'gateway',
  title: string,
  value: string,
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    value,
    validateInput: (v) =>
      precheckNetwork({ ...draft, [field]: v || undefined }).find((p) => p.field === field)?.message,
  });
}
