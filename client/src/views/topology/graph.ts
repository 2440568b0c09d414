// A host's networks, sandboxes and containers as graph elements for cytoscape. Node ids are the tree's item
// ids (tree/render.ts), so a click in the graph can reveal the same row in the tree. Pure.
import type { DockerNetwork, NetworkInspect, SandboxInfo } from '@switchyard/protocol';

export type GraphNodeKind = 'network' | 'sandbox' | 'container' | 'host';

export interface GraphNode {
  data: {
    id: string;
    label: string;
    kind: GraphNodeKind;
    source: 'docker' | 'engine';
    detail: string;
    /** The host group (compound node) it is drawn in, in a cluster's graph. */
    parent?: string;
  };
}
export interface GraphEdge {
  data: { id: string; source: string; target: string; label: string };
}
export type GraphElement = GraphNode | GraphEdge;

export interface TopologyInput {
  hostId: string;
  /** The host's name, for its group in a cluster's graph. */
  hostLabel?: string;
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

export const hostNodeId = (hostId: string): string => `host:${hostId}`;

/**
 * Several hosts of one cluster: each host is a group (compound node) holding its own networks, sandboxes and
 * containers; a global (overlay) network is drawn once, outside every group, with the sandboxes of every host
 * joined to it, so an overlay is seen crossing the hosts. Its id is the first host's that has it (that host's
 * tree row is the one a click reveals). One host: the plain graph.
 */
export function buildClusterGraph(inputs: readonly TopologyInput[]): GraphElement[] {
  if (inputs.length === 1 && inputs[0]) return buildGraph(inputs[0]);
  const globalId = new Map<string, string>(); // network id → its one node id
  for (const input of inputs)
    for (const n of input.engineNetworks)
      if (n.Scope === 'global' && !globalId.has(n.Id))
        globalId.set(n.Id, networkNodeId('engine', input.hostId, n.Id));
  const out: GraphElement[] = [];
  const drawn = new Set<string>();
  for (const input of inputs) {
    const group = hostNodeId(input.hostId);
    out.push({
      data: {
        id: group,
        label: input.hostLabel ?? input.hostId,
        kind: 'host',
        source: 'engine',
        detail: 'host',
      },
    });
    // This host's ids of global networks, rewritten to their one node.
    const rename = new Map(
      input.engineNetworks
        .filter((n) => n.Scope === 'global')
        .map((n) => [networkNodeId('engine', input.hostId, n.Id), globalId.get(n.Id) as string]),
    );
    for (const el of buildGraph(input)) {
      if ('source' in el.data && 'target' in el.data) {
        const e = el as GraphEdge;
        const target = rename.get(e.data.target) ?? e.data.target;
        out.push(edge(e.data.source, target, e.data.label));
        continue;
      }
      const n = el as GraphNode;
      const global = rename.get(n.data.id);
      if (global === undefined) out.push({ data: { ...n.data, parent: group } });
      else if (!drawn.has(global)) {
        drawn.add(global);
        out.push({ data: { ...n.data, id: global, detail: `${n.data.detail} · across the cluster` } });
      }
    }
  }
  return out;
}

/**
 * The hosts drawn with `host` in its topology: itself first, then every other connected host whose engine
 * shares a global (overlay) network with it.
 */
export function clusterPeers<H extends { id: string; globalNetworkIds: readonly string[] }>(
  host: H,
  others: readonly H[],
): H[] {
  const mine = new Set(host.globalNetworkIds);
  if (mine.size === 0) return [host];
  return [host, ...others.filter((o) => o.id !== host.id && o.globalNetworkIds.some((id) => mine.has(id)))];
}
