import * as vscode from 'vscode';
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import type { NetworkSource, TreeNode } from './nodes';
import { networkTooltip } from './tooltip';
import { formatPublished } from '@switchyard/core';
import { peerItem, peersOf } from './peer-row';
import { hostRow, replicaRow, serviceRow } from './service-rows';
import type { Health } from './nodes';

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
      item.description = node.host.state;
      item.tooltip = node.host.lastError ?? node.host.label;
      item.iconPath = new vscode.ThemeIcon(node.host.state === 'connected' ? 'vm-active' : 'vm-outline');
      item.contextValue = `host.${node.host.state}`;
      return item;
    }
    case 'group': {
      const docker = node.source === 'docker';
      const count = docker ? node.host.networks.length : (node.host.engine?.networks.length ?? 0);
      const item = new vscode.TreeItem(
        docker ? vscode.l10n.t('Docker networks') : vscode.l10n.t('Engine networks'),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `${node.source}:${node.host.id}`;
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(docker ? 'server-environment' : 'server-process');
      item.contextValue = `group.${node.source}`;
      return item;
    }
    case 'network': {
      if (!node.cluster) return networkItem(node.network, node.host.id, node.source);
      const item = networkItem(node.network, 'cluster', node.source);
      const total = node.cluster.byHost.reduce(
        (k, h) => k + Object.keys(h.network.Containers ?? {}).length,
        0,
      );
      item.collapsibleState =
        total > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
      const vni = node.network.Options?.['com.docker.network.driver.overlay.vxlanid_list'];
      item.description = [item.description, vni && `VNI ${vni}`, vscode.l10n.t('{0} endpoints', total)]
        .filter(Boolean)
        .join(' · ');
      return item;
    }
    case 'cluster': {
      const g = node.group;
      const item = new vscode.TreeItem(
        vscode.l10n.t('Cluster {0}', g.store),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `cluster:${g.store}`;
      const hosts = g.hosts.length;
      const networks = g.networks.length;
      const services = g.services.length;
      item.description = [
        hosts === 1 ? vscode.l10n.t('1 host') : vscode.l10n.t('{0} hosts', hosts),
        networks === 1 ? vscode.l10n.t('1 overlay network') : vscode.l10n.t('{0} overlay networks', networks),
        services === 1 ? vscode.l10n.t('1 service') : vscode.l10n.t('{0} services', services),
      ].join(' · ');
      item.tooltip = g.hosts
        .map((h) => {
          const c = h.engine?.cluster;
          return `${h.label}: store ${c?.storeState ?? '?'}${c?.storeUnreachableSince ? ` since ${c.storeUnreachableSince}` : ''}`;
        })
        .join('\n');
      item.iconPath = new vscode.ThemeIcon('globe');
      item.contextValue = 'cluster';
      return item;
    }
    case 'clusterHost': {
      const n = Object.keys(node.network.Containers ?? {}).length;
      const item = new vscode.TreeItem(
        node.host.label,
        n > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `clusterhost:${node.network.Id}:${node.host.id}`;
      item.description = vscode.l10n.t('{0} endpoints', n);
      item.iconPath = new vscode.ThemeIcon('vm-active');
      item.contextValue = 'clusterHost';
      return item;
    }
    case 'endpoint':
      return endpointItem(node.network, node.endpointId, node.source);
    case 'services': {
      const n = node.group.services.length;
      const item = new vscode.TreeItem(
        vscode.l10n.t('Services'),
        n > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
      );
      item.id = `services:${node.group.store}`;
      item.description = String(n);
      item.iconPath = new vscode.ThemeIcon('layers');
      item.contextValue = 'services';
      return item;
    }
    case 'service': {
      const row = serviceRow(node.service, vscode.l10n.t);
      const item = new vscode.TreeItem(node.service.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `service:${node.group.store}:${node.service.id}`;
      item.description = row.description;
      item.tooltip = untrusted(row.tooltip);
      item.iconPath = healthIcon(row.health);
      item.contextValue = 'service';
      return item;
    }
    case 'serviceHost': {
      const row = hostRow(node.replicas, vscode.l10n.t);
      const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `servicehost:${node.group.store}:${node.service.id}:${node.replicas.host}`;
      item.description = row.description;
      item.tooltip = `${node.replicas.host} (${node.replicas.hostAddress})`;
      item.iconPath = healthIcon(node.replicas.health, 'vm-active');
      item.contextValue = 'serviceHost';
      return item;
    }
    case 'replica': {
      const row = replicaRow(node.replica);
      const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
      item.id = `replica:${node.group.store}:${node.service.id}:${node.replica.name}`;
      item.description = row.description;
      item.tooltip = row.tooltip;
      item.iconPath = healthIcon(row.health, 'symbol-namespace');
      item.contextValue = 'replica';
      return item;
    }
    case 'sandboxes': {
      const item = new vscode.TreeItem(vscode.l10n.t('Sandboxes'), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `sandboxes:${node.host.id}`;
      item.description = String(node.host.engine?.sandboxes.length ?? 0);
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      item.contextValue = 'sandboxes';
      return item;
    }
    case 'sandbox':
      return sandboxItem(node.sandbox, node.host.id);
    case 'peer':
      return peerItem(node.peer, node.network, node.host.id, node.source);
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : node.command ? 'rocket' : 'info');
      item.tooltip = node.text;
      if (node.command) {
        item.command = {
          command: node.command.id,
          title: node.command.title,
          arguments: [{ kind: 'host', host: node.command.host }],
        };
      }
      return item;
    }
  }
}

/** Healthy rows keep their own icon (or a check); degraded ones warn; down ones show an error. */
function healthIcon(health: Health, healthyIcon = 'pass'): vscode.ThemeIcon {
  if (health === 'degraded') return new vscode.ThemeIcon('warning');
  if (health === 'down') return new vscode.ThemeIcon('error');
  return new vscode.ThemeIcon(health === 'idle' ? 'circle-outline' : healthyIcon);
}

/** Host values in a tooltip: escaped by the row builders, and shown with no trust and no HTML. */
function untrusted(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

function networkItem(
  n: DockerNetwork | NetworkInspect,
  hostId: string,
  source: NetworkSource,
): vscode.TreeItem {
  const peers = peersOf(n).length;
  const endpoints = Object.keys(n.Containers ?? {}).length;
  const item = new vscode.TreeItem(
    n.Name,
    endpoints + peers > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `net:${source}:${hostId}:${n.Id}`;
  const configs = n.IPAM.Config ?? [];
  item.description = configs
    .map((c) => [c.Subnet, c.Gateway && `gw ${c.Gateway}`].filter(Boolean).join(' '))
    .join(', ');
  item.iconPath = new vscode.ThemeIcon(driverIcons[n.Driver] ?? 'symbol-interface');
  // The engine could not repair it at its start (the reason is in the tooltip); it can still be removed.
  const broken = 'Broken' in n ? n.Broken : undefined;
  if (broken) {
    item.description = vscode.l10n.t('broken');
    item.iconPath = new vscode.ThemeIcon('warning');
  }
  item.contextValue = `network.${source}.${n.Driver}`;
  // Host values are escaped in networkTooltip; no trust, no HTML: a tooltip can run nothing.
  const md = new vscode.MarkdownString(networkTooltip(n, source));
  md.isTrusted = false;
  md.supportHtml = false;
  if (broken) md.appendText(`\n\nbroken: ${broken}`);
  item.tooltip = md;
  return item;
}

function endpointItem(n: DockerNetwork | NetworkInspect, id: string, source: NetworkSource): vscode.TreeItem {
  const ep = n.Containers?.[id];
  const item = new vscode.TreeItem(ep?.Name ?? id.slice(0, 12), vscode.TreeItemCollapsibleState.None);
  item.id = `ep:${source}:${n.Id}:${id}`;
  item.description = [ep?.IPv4Address, ep?.IPv6Address].filter(Boolean).join(' ');
  item.tooltip = `${ep?.Name ?? id}\nIPv4 ${ep?.IPv4Address || '—'}\nIPv6 ${ep?.IPv6Address || '—'}\nMAC ${ep?.MacAddress || '—'}`;
  item.iconPath = new vscode.ThemeIcon(source === 'docker' ? 'package' : 'symbol-namespace');
  item.contextValue = `endpoint.${source}`;
  return item;
}

function sandboxItem(s: SandboxInfo, hostId: string): vscode.TreeItem {
  const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
  item.id = `sb:${hostId}:${s.id}`;
  item.description = s.endpoints.map((e) => `${e.network} ${e.ipv4 ?? ''}`.trim()).join(', ') || s.mode;
  item.tooltip = [
    `${s.name} (${s.hostname}) mode ${s.mode}`,
    ...s.endpoints.map(
      (e) =>
        `${e.network}: ${e.ipv4 ?? '—'} ${e.ipv6 ?? ''} mac ${e.mac} aliases ${e.aliases.join(', ') || '—'}`,
    ),
    ...(s.ports.length > 0 ? [`ports ${formatPublished(s.ports)}`] : []),
    ...(s.broken ? [`broken: ${s.broken}`] : []),
  ].join('\n');
  item.iconPath = new vscode.ThemeIcon(s.broken ? 'warning' : 'symbol-namespace');
  if (s.broken) item.description = `${vscode.l10n.t('broken')} · ${item.description as string}`;
  item.contextValue = 'sandbox';
  return item;
}

/** What VS Code draws for a row, as text: two rows with the same signature look and act the same. */
export function rowSignature(item: vscode.TreeItem): string {
  const text = (v: string | vscode.MarkdownString | vscode.TreeItemLabel | undefined) =>
    v === undefined || typeof v === 'string' ? v : 'value' in v ? v.value : [v.label, v.highlights];
  // ThemeIcon and Uri are plain objects of their fields: JSON tells two icons apart.
  return JSON.stringify([
    text(item.label),
    item.description,
    text(item.tooltip),
    item.iconPath,
    item.contextValue,
    item.collapsibleState,
    item.command?.command,
  ]);
}
