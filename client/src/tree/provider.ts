import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { HostRegistry } from '../hosts/registry';
import type { TreeNode } from './nodes';
import { peersOf } from './peer-row';
import { render } from './render';

/**
 * Hosts → Docker networks / Engine networks / Sandboxes → network → endpoints. Refreshed by the hosts'
 * event streams (Docker's events, the engine's events), never by polling.
 */
export class HostsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly hosts: HostRegistry) {
    hosts.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return render(node);
  }

  /** The row above, so `TreeView.reveal` (the topology's click) can open the way down to a row. */
  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'group':
      case 'sandboxes':
        return { kind: 'host', host: node.host };
      case 'network':
        return { kind: 'group', host: node.host, source: node.source };
      case 'endpoint':
        return { kind: 'network', host: node.host, source: node.source, network: node.network };
      case 'peer':
        return { kind: 'network', host: node.host, source: node.source, network: node.network };
      case 'sandbox':
        return { kind: 'sandboxes', host: node.host };
      default:
        return undefined;
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.hosts.hosts.map((host) => ({ kind: 'host', host }));
    switch (node.kind) {
      case 'host':
        return hostChildren(node.host);
      case 'group': {
        const nets = node.source === 'docker' ? node.host.networks : (node.host.engine?.networks ?? []);
        return nets.map((network) => ({ kind: 'network', host: node.host, source: node.source, network }));
      }
      case 'network': {
        const endpoints: TreeNode[] = Object.keys(node.network.Containers ?? {}).map((endpointId) => ({
          kind: 'endpoint',
          host: node.host,
          source: node.source,
          network: node.network,
          endpointId,
        }));
        // An overlay's other hosts (the engine's, with what is programmed here for them, or swarm's).
        const peers: TreeNode[] = peersOf(node.network).map((peer) => ({
          kind: 'peer',
          host: node.host,
          source: node.source,
          network: node.network,
          peer,
        }));
        return [...endpoints, ...peers];
      }
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
