import * as vscode from 'vscode';
import type { HostRegistry } from '../hosts/registry';
import type { TreeNode } from './nodes';
import { render } from './render';

/** Hosts → Docker networks → network → endpoints. Refreshed by host events, never by polling. */
export class HostsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly hosts: HostRegistry) {
    hosts.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return render(node);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.hosts.hosts.map((host) => ({ kind: 'host', host }));
    switch (node.kind) {
      case 'host':
        if (node.host.state === 'failed')
          return [{ kind: 'message', text: node.host.lastError ?? '?', error: true }];
        if (node.host.state !== 'connected') return [];
        return [{ kind: 'dockerNetworks', host: node.host }];
      case 'dockerNetworks':
        return node.host.networks.map((network) => ({ kind: 'network', host: node.host, network }));
      case 'network':
        return Object.keys(node.network.Containers ?? {}).map((endpointId) => ({
          kind: 'endpoint',
          host: node.host,
          network: node.network,
          endpointId,
        }));
      default:
        return [];
    }
  }
}
