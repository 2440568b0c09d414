import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { HostRegistry } from '../hosts/registry';
import type { NetworkSource, TreeNode } from './nodes';
import { peersOf } from './peer-row';
import { clusterGroups, inCluster } from './clusters';
import { render, rowSignature } from './render';
import { StableRows } from './stable-rows';
import { replicasByHost } from './service-rows';

/**
 * Hosts → Docker networks / Engine networks / Sandboxes → network → endpoints. Refreshed by the hosts'
 * event streams (Docker's events, the engine's events), never by polling; only the rows that changed are
 * redrawn, the others keep their objects (stable-rows.ts says why).
 */
export class HostsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly rows = new StableRows<TreeNode>({
    children: (node) => this.childrenOf(node),
    describe: (node) => {
      const item = render(node);
      return { id: item.id, signature: rowSignature(item) };
    },
  });

  constructor(private readonly hosts: HostRegistry) {
    hosts.onDidChange(() => {
      const redraw = this.rows.changed();
      if (redraw === undefined) this.changed.fire(undefined);
      else if (redraw.length > 0) this.changed.fire(redraw);
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return render(node);
  }

  /** The row above, so `TreeView.reveal` (the topology's click) can open the way down to a row. */
  getParent(node: TreeNode): TreeNode | undefined {
    const parent = this.parentOf(node);
    return parent && this.rows.known(parent);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    return this.rows.children(node);
  }

  private parentOf(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'group':
      case 'sandboxes':
        return { kind: 'host', host: node.host };
      case 'network': {
        if (!node.cluster) return { kind: 'group', host: node.host, source: node.source };
        const group = clusterGroups(this.hosts.hosts).find((g) => g.hosts.includes(node.host));
        return group && { kind: 'cluster', group };
      }
      case 'endpoint':
        return { kind: 'network', host: node.host, source: node.source, network: node.network };
      case 'peer':
        return { kind: 'network', host: node.host, source: node.source, network: node.network };
      case 'clusterHost': {
        const group = clusterGroups(this.hosts.hosts).find((g) => g.hosts.includes(node.host));
        const cluster = group?.networks.find((e) => e.network.Id === node.network.Id);
        return (
          cluster && { kind: 'network', host: node.host, source: 'engine', network: cluster.network, cluster }
        );
      }
      case 'sandbox':
        return { kind: 'sandboxes', host: node.host };
      case 'services':
        return { kind: 'cluster', group: node.group };
      case 'service':
        return { kind: 'services', group: node.group };
      case 'serviceHost':
        return { kind: 'service', group: node.group, service: node.service };
      case 'replica': {
        const replicas = replicasByHost(node.service).find((h) => h.host === node.replica.host);
        return replicas && { kind: 'serviceHost', group: node.group, service: node.service, replicas };
      }
      default:
        return undefined;
    }
  }

  private childrenOf(node: TreeNode | undefined): TreeNode[] {
    if (!node)
      return [
        ...this.hosts.hosts.map((host): TreeNode => ({ kind: 'host', host })),
        ...clusterGroups(this.hosts.hosts).map((group): TreeNode => ({ kind: 'cluster', group })),
      ];
    switch (node.kind) {
      case 'host':
        return hostChildren(node.host);
      case 'group': {
        const nets = node.source === 'docker' ? node.host.networks : (node.host.engine?.networks ?? []);
        // A cluster's overlays are drawn once, under the cluster, not under each of its hosts.
        const own = nets.filter(
          (n) => node.source === 'docker' || !inCluster(node.host) || n.Scope !== 'global',
        );
        return own.map((network) => ({ kind: 'network', host: node.host, source: node.source, network }));
      }
      case 'cluster':
        return [
          ...node.group.networks.map((entry): TreeNode => ({
            kind: 'network',
            host: entry.byHost[0]?.host ?? (node.group.hosts[0] as Host),
            source: 'engine',
            network: entry.network,
            cluster: entry,
          })),
          { kind: 'services', group: node.group },
        ];
      case 'services':
        return node.group.services.map((service) => ({ kind: 'service', group: node.group, service }));
      case 'service':
        return replicasByHost(node.service).map((replicas) => ({
          kind: 'serviceHost',
          group: node.group,
          service: node.service,
          replicas,
        }));
      case 'serviceHost':
        return node.replicas.replicas.map((replica) => ({
          kind: 'replica',
          group: node.group,
          service: node.service,
          replica,
        }));
      case 'clusterHost':
        // One host's part of a cluster overlay: its endpoints, and what it has programmed for the others.
        return [
          ...endpointsOf(node.host, 'engine', node.network),
          ...peerRowsOf(node.host, 'engine', node.network),
        ];
      case 'network':
        if (node.cluster)
          return node.cluster.byHost.map(({ host, network }) => ({ kind: 'clusterHost', host, network }));
        // An overlay's other hosts (the engine's, with what is programmed here for them, or swarm's).
        return [
          ...endpointsOf(node.host, node.source, node.network),
          ...peerRowsOf(node.host, node.source, node.network),
        ];
      case 'sandboxes':
        return (node.host.engine?.sandboxes ?? []).map((sandbox) => ({
          kind: 'sandbox',
          host: node.host,
          sandbox,
        }));
      default:
        return [];
    }
  }
}

function hostChildren(host: Host): TreeNode[] {
  if (host.state === 'failed') return [{ kind: 'message', text: host.lastError ?? '?', error: true }];
  if (host.state !== 'connected') return [];
  const out: TreeNode[] = [];
  out.push(
    host.docker
      ? { kind: 'group', host, source: 'docker' }
      : { kind: 'message', text: host.dockerError ?? vscode.l10n.t('Docker is not reachable'), error: true },
  );
  const engine = host.engine;
  if (engine?.state === 'connected') {
    out.push({ kind: 'group', host, source: 'engine' }, { kind: 'sandboxes', host });
  } else {
    out.push({
      kind: 'message',
      text:
        engine?.state === 'failed'
          ? vscode.l10n.t('Engine: {0}', engine.lastError ?? '?')
          : vscode.l10n.t('Engine not running — deploy it'),
      error: engine?.state === 'failed',
      command: { id: 'switchyard.engine.deploy', title: vscode.l10n.t('Deploy engine'), host },
    });
  }
  return out;
}

type NetworkOf = Extract<TreeNode, { kind: 'network' }>['network'];

function endpointsOf(host: Host, source: NetworkSource, network: NetworkOf): TreeNode[] {
  return Object.keys(network.Containers ?? {}).map((endpointId) => ({
    kind: 'endpoint',
    host,
    source,
    network,
    endpointId,
  }));
}

function peerRowsOf(host: Host, source: NetworkSource, network: NetworkOf): TreeNode[] {
  return peersOf(network).map((peer) => ({ kind: 'peer', host, source, network, peer }));
}
