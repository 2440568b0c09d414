// A host's networks, sandboxes and containers as graph elements for cytoscape. Node ids are the tree's item
// ids (tree/render.ts), so a click in the graph can reveal the same row in the tree. Pure.
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';

export type GraphNodeKind = 'network' | 'sandbox' | 'container';

export interface GraphNode {
  data: { id: string; label: string; kind: GraphNodeKind; source: 'docker' | 'engine'; detail: string };
}
export interface GraphEdge {
  data: { id: string; source: string; target: string; label: string };
}
export type GraphElement = GraphNode | GraphEdge;

export interface TopologyInput {
  hostId: string;
  dockerNetworks: readonly DockerNetwork[];
  engineNetworks: readonly NetworkInspect[];
  sandboxes: readonly SandboxInfo[];
}

export const networkNodeId = (source: 'docker' | 'engine', hostId: string, netId: string): string =>
  `net:${source}:${hostId}:${netId}`;
export const sandboxNodeId = (hostId: string, sandboxId: string): string => `sb:${hostId}:${sandboxId}`;
export const containerNodeId = (hostId: string, containerId: string): string =>
  `ctr:${hostId}:${containerId}`;

const subnets = (n: DockerNetwork | NetworkInspect): string =>
  (n.IPAM.Config ?? [])
    .map((c) => c.Subnet)
    .filter(Boolean)
    .join(', ');

export function buildGraph(input: TopologyInput): GraphElement[] {
  const out: GraphElement[] = [];
  for (const n of input.dockerNetworks) out.push(networkNode('docker', input.hostId, n));
  for (const n of input.engineNetworks) out.push(networkNode('engine', input.hostId, n));
  const containers = new Map<string, string>();
  for (const n of input.dockerNetworks) {
    for (const [cid, ep] of Object.entries(n.Containers ?? {})) {
      const id = containerNodeId(input.hostId, cid);
      if (!containers.has(id)) containers.set(id, ep.Name);
      out.push(edge(id, networkNodeId('docker', input.hostId, n.Id), ep.IPv4Address || ep.IPv6Address));
    }
  }
  for (const [id, name] of containers) {
    out.push({ data: { id, label: name, kind: 'container', source: 'docker', detail: 'Docker container' } });
  }
  const engineIds = new Set(input.engineNetworks.map((n) => n.Id));
  for (const s of input.sandboxes) {
    const id = sandboxNodeId(input.hostId, s.id);
    out.push({
      data: { id, label: s.name, kind: 'sandbox', source: 'engine', detail: `sandbox · ${s.mode}` },
    });
    for (const e of s.endpoints) {
      if (engineIds.has(e.networkId)) {
        out.push(edge(id, networkNodeId('engine', input.hostId, e.networkId), e.ipv4 ?? e.ipv6 ?? ''));
      }
    }
  }
  return out;
}

function networkNode(
  source: 'docker' | 'engine',
  hostId: string,
  n: DockerNetwork | NetworkInspect,
): GraphNode {
  return {
    data: {
      id: networkNodeId(source, hostId, n.Id),
      label: n.Name,
      kind: 'network',
      source,
      detail: [`${source} · ${n.Driver}`, subnets(n)].filter(Boolean).join(' · '),
    },
  };
}

const edge = (from: string, to: string, label: string): GraphEdge => ({
  data: { id: `${from}->${to}`, source: from, target: to, label },
});
