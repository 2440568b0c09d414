import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';
import { checkNewName } from './object-name';
import { parentCandidates, parseLabels, precheckNetwork, Steps, suggestSubnet } from './create-network-check';
import type { DraftField, NetworkDraft } from './create-network-check';
import { dockerMessage } from './remove-network';
import { engineCreateParams } from '../engine-control/network-request';
import type { NetworkRequest } from '../engine-control/network-request';

/**
 * A multi-step quick pick: name, driver (Docker's; the engine builds bridges), the parent interface of a
 * macvlan/ipvlan network (picked from the host's interfaces), subnet (a free one suggested), gateway,
 * ip-range, internal, IPv6, labels. The draft is checked with core/ before anything is sent, so Docker's
 * refusals show up as the user types, with Docker's words.
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
  const where = toEngine ? vscode.l10n.t('in the engine') : vscode.l10n.t('in Docker');
  const drivers = toEngine ? await engineDrivers(host) : DRIVERS.docker;
  const draft = await askDraft(host, where, drivers);
  if (!draft) return;
  const request = networkRequest(draft);
  if (toEngine) {
    await host.engine?.client?.call('network.create', engineCreateParams(request));
    await host.engine?.refresh();
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Created network "{0}" in the engine on {1}.', draft.name, host.label),
    );
    return;
  }
  try {
    await host.docker?.createNetwork(request);
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

/** The wizard's answers as the one network request both hosts' create calls are built from. */
function networkRequest(draft: NetworkDraft): NetworkRequest {
  return {
    name: draft.name,
    driver: draft.driver,
    internal: draft.internal,
    enableIpv6: draft.enableIpv6,
    ...(draft.attachable !== undefined && { attachable: draft.attachable }),
    labels: draft.labels,
    options: draft.options,
    ipam: draft.subnet
      ? [{ subnet: draft.subnet, gateway: draft.gateway, ipRange: draft.ipRange, auxAddresses: {} }]
      : [],
  };
}

const DRIVERS = { docker: ['bridge', 'macvlan', 'ipvlan', 'overlay'] } as const;

/** The engine's drivers here: bridge and macvlan, and overlay when the engine is in a cluster (a store set). */
async function engineDrivers(host: Host): Promise<readonly string[]> {
  const nodes = await host.engine?.client?.call('node.ls', {}).catch(() => undefined);
  return nodes && nodes.storeState !== 'none' ? ['bridge', 'overlay', 'macvlan'] : ['bridge', 'macvlan'];
}

async function askDraft(
  host: Host,
  where: string,
  drivers: readonly string[],
): Promise<NetworkDraft | undefined> {
  // Subnets taken by Docker and by the engine both count: the kernel routes them on the same host.
  const all = [...host.networks, ...(host.engine?.networks ?? [])];
  const taken = new Set(all.map((n) => n.Name));
  const used = all.flatMap((n) => (n.IPAM.Config ?? []).map((c) => c.Subnet ?? '')).filter(Boolean);
  const steps = new Steps(drivers.length > 1 ? 7 : 6);
  const name = await vscode.window.showInputBox({
    // The first step names the destination, so the user sees whether Docker or the engine will get it.
    title: vscode.l10n.t('Create network on {0} {1} ({2}): name', host.label, where, steps.next()),
    validateInput: (v) => checkNewName(v, taken, vscode.l10n.t('network with name {0} already exists', v)),
  });
  if (!name) return undefined;
  const driver =
    drivers.length > 1
      ? await vscode.window.showQuickPick([...drivers], {
          title: vscode.l10n.t('Create network ({0}): driver', steps.next()),
        })
      : drivers[0];
  if (!driver) return undefined;
  const draft: NetworkDraft = {
    name,
    driver,
    internal: false,
    enableIpv6: false,
    labels: {},
    options: {},
    usedSubnets: used,
  };
  if (driver === 'macvlan' || driver === 'ipvlan') {
    steps.add(1);
    const parent = await askParent(host, driver, steps.next());
    if (parent === undefined) return undefined;
    if (parent) draft.options['parent'] = parent;
    if (driver === 'macvlan') {
      steps.add(1);
      const mode = await vscode.window.showQuickPick(MACVLAN_MODES, {
        title: vscode.l10n.t('Create network ({0}): macvlan mode', steps.next()),
      });
      if (!mode) return undefined;
      if (mode.label !== 'bridge') draft.options['macvlan_mode'] = mode.label;
    }
  }
  if (!(await askAddresses(draft, steps))) return undefined;
  const flags = await vscode.window.showQuickPick(
    [
      { label: 'internal', description: vscode.l10n.t('no way out, no NAT') },
      ...(driver === 'overlay'
        ? [
            { label: 'attachable', description: vscode.l10n.t('sandboxes may join by hand'), picked: true },
            {
              label: 'encrypted',
              description: vscode.l10n.t('VXLAN traffic encrypted (needs IPsec or WireGuard)'),
            },
          ]
        : []),
      // An IPv6 subnet needs IPv6 on: ticked already when that is what was typed.
      {
        label: 'ipv6',
        description: vscode.l10n.t('enable IPv6'),
        picked: draft.subnet?.includes(':') === true,
      },
    ],
    { title: vscode.l10n.t('Create network ({0}): options', steps.next()), canPickMany: true },
  );
  if (!flags) return undefined;
  draft.internal = flags.some((f) => f.label === 'internal');
  if (driver === 'overlay') {
    draft.attachable = flags.some((f) => f.label === 'attachable');
    if (flags.some((f) => f.label === 'encrypted')) draft.options['encrypted'] = 'true';
  }
  draft.enableIpv6 = flags.some((f) => f.label === 'ipv6');
  const labels = await vscode.window.showInputBox({
    title: vscode.l10n.t(
      'Create network ({0}): labels, key=value separated by commas, empty for none',
      steps.next(),
    ),
    validateInput: (v) => parseLabels(v).error,
  });
  if (labels === undefined) return undefined;
  draft.labels = parseLabels(labels).labels;
  return draft;
}

const MACVLAN_MODES = [
  { label: 'bridge', description: 'sandboxes on one parent reach each other directly (the default)' },
  { label: 'vepa', description: 'all traffic goes out to the switch, which must hairpin it' },
  { label: 'private', description: 'sandboxes on one parent never reach each other' },
  { label: 'passthru', description: 'one sandbox owns the parent' },
];

/** Subnet (a free one suggested), then gateway and ip-range when there is a subnet; false when cancelled. */
async function askAddresses(draft: NetworkDraft, steps: Steps): Promise<boolean> {
  const subnet = await askChecked(
    draft,
    'subnet',
    vscode.l10n.t('Create network ({0}): subnet, empty for automatic', steps.next()),
    suggestSubnet(draft.usedSubnets),
  );
  if (subnet === undefined) return false;
  draft.subnet = subnet || undefined;
  if (!draft.subnet) {
    steps.skip(2);
    return true;
  }
  const gateway = await askChecked(
    draft,
    'gateway',
    vscode.l10n.t('Create network ({0}): gateway, empty for the first address', steps.next()),
    '',
  );
  if (gateway === undefined) return false;
  draft.gateway = gateway || undefined;
  const ipRange = await askChecked(
    draft,
    'ipRange',
    vscode.l10n.t(
      'Create network ({0}): ip-range for dynamic addresses, empty for the whole subnet',
      steps.next(),
    ),
    '',
  );
  if (ipRange === undefined) return false;
  draft.ipRange = ipRange || undefined;
  return true;
}

/**
 * The parent of a macvlan/ipvlan network, picked from the host's interfaces (read from its /proc); '' for none
 * (Docker then makes a dummy link, reachable only from other containers of the network); undefined: cancelled.
 */
async function askParent(host: Host, driver: string, step: string): Promise<string | undefined> {
  const title = vscode.l10n.t('Create network ({0}): parent interface of the {1} network', step, driver);
  const interfaces = host.snapshot?.interfaces;
  if (!interfaces) {
    return vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t("The host's interfaces are not known; type one (eth0, or eth0.10 for VLAN 10)"),
      validateInput: (v) =>
        v === '' || /^[a-zA-Z0-9_.-]{1,15}$/.test(v) ? undefined : vscode.l10n.t('not an interface name'),
    });
  }
  const none = vscode.l10n.t('no parent');
  const pick = await vscode.window.showQuickPick(
    [
      ...parentCandidates(interfaces).map((i) => ({ label: i })),
      { label: none, description: vscode.l10n.t('a dummy link: containers reach each other, not the LAN') },
    ],
    { title },
  );
  return pick === undefined ? undefined : pick.label === none ? '' : pick.label;
}

async function askChecked(
  draft: NetworkDraft,
  field: DraftField,
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
