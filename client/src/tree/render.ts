import * as vscode from 'vscode';
import type { DockerNetwork } from '@switchyard/protocol';
import type { TreeNode } from './nodes';

const driverIcons: Record<string, string> = {
  bridge: 'type-hierarchy-sub',
  host: 'vm',
  null: 'circle-slash',
  overlay: 'globe',
  macvlan: 'plug',
  ipvlan: 'plug',
};

/** Turns a node into the row VS Code draws: label, description, tooltip, icon, menus. */
export function render(node: TreeNode): vscode.TreeItem {
  switch (node.kind) {
    case 'host': {
      const item = new vscode.TreeItem(node.host.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `host:${node.host.id}`;
      item.description = node.host.state === 'failed' ? vscode.l10n.t('failed') : node.host.state;
      item.tooltip = node.host.lastError ?? node.host.label;
      item.iconPath = new vscode.ThemeIcon(node.host.state === 'connected' ? 'vm-active' : 'vm-outline');
      item.contextValue = `host.${node.host.state}`;
      return item;
    }
    case 'dockerNetworks': {
      const item = new vscode.TreeItem(
        vscode.l10n.t('Docker networks'),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `docker:${node.host.id}`;
      item.description = String(node.host.networks.length);
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'dockerNetworks';
      return item;
    }
    case 'network':
      return networkItem(node.network, node.host.id);
    case 'endpoint':
      return endpointItem(node.network, node.endpointId);
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
      item.tooltip = node.text;
      return item;
    }
  }
}

function networkItem(n: DockerNetwork, hostId: string): vscode.TreeItem {
  const endpoints = Object.keys(n.Containers ?? {}).length;
  const item = new vscode.TreeItem(
    n.Name,
    endpoints > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `net:${hostId}:${n.Id}`;
  const configs = n.IPAM.Config ?? [];
  item.description = configs
    .map((c) => [c.Subnet, c.Gateway && `gw ${c.Gateway}`].filter(Boolean).join(' '))
    .join(', ');
  item.iconPath = new vscode.ThemeIcon(driverIcons[n.Driver] ?? 'symbol-interface');
  item.contextValue = `network.docker.${n.Driver}`;
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${n.Name}** \`${n.Id.slice(0, 12)}\`\n\n`);
  md.appendMarkdown(
    `driver \`${n.Driver}\` · scope \`${n.Scope}\`${n.Internal ? ' · internal' : ''}${n.EnableIPv6 ? ' · IPv6' : ''}\n\n`,
  );
  for (const c of configs)
    md.appendMarkdown(
      `- subnet \`${c.Subnet ?? '?'}\` gateway \`${c.Gateway ?? '—'}\`${c.IPRange ? ` range \`${c.IPRange}\`` : ''}\n`,
    );
  const labels = Object.entries(n.Labels ?? {});
  if (labels.length > 0) md.appendMarkdown(`\n${labels.map(([k, v]) => `\`${k}=${v}\``).join('  \n')}`);
  item.tooltip = md;
  return item;
}

function endpointItem(n: DockerNetwork, id: string): vscode.TreeItem {
  const ep = n.Containers?.[id];
  const item = new vscode.TreeItem(ep?.Name ?? id.slice(0, 12), vscode.TreeItemCollapsibleState.None);
  item.id = `ep:${n.Id}:${id}`;
  item.description = [ep?.IPv4Address, ep?.IPv6Address].filter(Boolean).join(' ');
  item.tooltip = `${ep?.Name ?? id}\nIPv4 ${ep?.IPv4Address || '—'}\nIPv6 ${ep?.IPv6Address || '—'}\nMAC ${ep?.MacAddress || '—'}`;
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = 'endpoint.docker';
  return item;
}
