import * as vscode from 'vscode';
import type { DiagFrom } from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import type { TreeNode } from '../tree/nodes';
import { crossHostTargets } from './probe-targets';
import type { CommandContext } from './command-context';

type ProbeSource = { host: Host; from: DiagFrom; label: string };

/** Where a probe runs, from the tree row it was started on: a sandbox, or a Docker container by id. */
export function probeSource(node: TreeNode | undefined): ProbeSource | undefined {
  if (node?.kind === 'sandbox')
    return { host: node.host, from: { sandbox: node.sandbox.name }, label: node.sandbox.name };
  if (node?.kind === 'endpoint' && node.source === 'engine') {
    const ep = node.network.Containers?.[node.endpointId];
    return ep ? { host: node.host, from: { sandbox: ep.Name }, label: ep.Name } : undefined;
  }
  if (node?.kind === 'endpoint' && node.source === 'docker') {
    const name = node.network.Containers?.[node.endpointId]?.Name ?? node.endpointId;
    return { host: node.host, from: { container: node.endpointId.slice(0, 64) }, label: name };
  }
  return undefined;
}

/**
 * Lets the user pick the other end by name: every sandbox and container endpoint the host knows, each with
 * its addresses, or a name or address typed by hand.
 */
export async function pickTarget(
  host: Host,
  title: string,
  prefer: 'address' | 'name' = 'address',
  others: readonly Host[] = [],
): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { target: string })[] = [];
  for (const s of host.engine?.sandboxes ?? []) {
    // Picked by name, reached by address: the probe then tests the path, not the resolver (DNS Lookup does that).
    const ip = s.endpoints.find((e) => e.ipv4)?.ipv4?.split('/')[0];
    items.push({
      label: s.name,
      description: s.endpoints.map((e) => `${e.network} ${e.ipv4 ?? ''}`).join(', '),
      target: prefer === 'address' ? (ip ?? s.name) : s.name,
    });
  }
  for (const n of host.networks) {
    for (const ep of Object.values(n.Containers ?? {})) {
      const ip = ep.IPv4Address.split('/')[0] ?? '';
      if (ip)
        items.push({
          label: ep.Name,
          description: `${n.Name} ${ip}`,
          detail: 'Docker container',
          target: ip,
        });
    }
  }
  for (const t of crossHostTargets(host, others))
    items.push({
      label: t.sandbox,
      description: `${t.network} ${t.address}`,
      detail: vscode.l10n.t('sandbox on {0}, across the overlay', t.hostLabel),
      target: prefer === 'address' ? t.address : t.sandbox,
    });
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { target: string }>();
  pick.title = title;
  pick.items = items;
  pick.placeholder = vscode.l10n.t('A sandbox, a container, a name or an address');
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.target ?? pick.value.trim();
      pick.hide();
      resolve(chosen || undefined);
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
}

/**
 * Where a probe runs: the tree row it was started on, else (from the command palette or a walkthrough) one
 * picked among the sandboxes and containers of the connected hosts whose engine runs.
 */
export async function probeSourceOrPick(
  ctx: CommandContext,
  node: TreeNode | undefined,
  title: string,
): Promise<ProbeSource | undefined> {
  if (node) return probeSource(node);
  const items: (vscode.QuickPickItem & { source: ProbeSource })[] = [];
  for (const host of ctx.hosts.hosts) {
    if (host.state !== 'connected' || !host.engine?.client) continue;
    for (const s of host.engine.sandboxes ?? [])
      items.push({
        label: s.name,
        description: host.label,
        detail: vscode.l10n.t('sandbox'),
        source: { host, from: { sandbox: s.name }, label: s.name },
      });
    const containers = new Map<string, string>();
    for (const n of host.networks)
      for (const [id, ep] of Object.entries(n.Containers ?? {})) containers.set(id, ep.Name);
    for (const [id, name] of containers)
      items.push({
        label: name,
        description: host.label,
        detail: vscode.l10n.t('Docker container'),
        source: { host, from: { container: id.slice(0, 64) }, label: name },
      });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Nothing to run from yet: connect a host, deploy its engine, and create a sandbox or start a container.',
      ),
    );
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true }))?.source;
}
