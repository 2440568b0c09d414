import type { Host } from '../../hosts/host';
import type { TreeNode } from '../../tree/nodes';

/**
 * The tree row a graph node stands for (ids from graph.ts: kind first, the object's id last; the host id in
 * between may itself hold colons, as `ssh:alias` does). A container sits under each network it is on; the
 * first one is revealed.
 */
export function treeNodeFor(panelHost: Host, id: string, others: readonly Host[] = []): TreeNode | undefined {
  const kind = id.slice(0, id.indexOf(':'));
  const last = id.slice(id.lastIndexOf(':') + 1);
  // In a cluster's graph a node may belong to another host: its id names it (after `net:<source>:`).
  const prefixLength = kind === 'net' ? id.indexOf(':', kind.length + 1) + 1 : kind.length + 1;
  const hostId = id.slice(prefixLength, id.lastIndexOf(':'));
  const host = hostId === panelHost.id ? panelHost : (others.find((h) => h.id === hostId) ?? panelHost);
  if (kind === 'net') {
    const source = id.startsWith('net:docker:') ? 'docker' : 'engine';
    const nets = source === 'docker' ? host.networks : (host.engine?.networks ?? []);
    const network = nets.find((n) => n.Id === last);
    return network && { kind: 'network', host, source, network };
  }
  if (kind === 'sb') {
    const sandbox = host.engine?.sandboxes.find((s) => s.id === last);
    return sandbox && { kind: 'sandbox', host, sandbox };
  }
  if (kind === 'ctr') {
    const network = host.networks.find((n) => n.Containers?.[last] !== undefined);
    return network && { kind: 'endpoint', host, source: 'docker', network, endpointId: last };
  }
  return undefined;
}
