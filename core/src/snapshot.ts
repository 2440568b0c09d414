import type {
  DockerContainerSummary,
  DockerNetwork,
  HostNetwork,
  HostPort,
  HostSnapshot,
  SandboxInfo,
} from '@switchyard/protocol';
import type { HostFacts } from './host/proc';

/**
 * Builds the host snapshot the language server checks compose files against, from Docker's own replies
 * (`GET /networks`, `GET /containers/json`). Pure, so the CLI, the extension and the tests share it.
 */
export function snapshotFromDocker(
  host: string,
  takenAt: string,
  networks: DockerNetwork[],
  containers: DockerContainerSummary[],
): HostSnapshot {
  return {
    host,
    takenAt,
    networks: networks.map(hostNetworkFromDocker),
    ports: containers.flatMap(publishedPorts),
    routes: [],
  };
}

export function hostNetworkFromDocker(n: DockerNetwork): HostNetwork {
  return {
    id: n.Id,
    name: n.Name,
    driver: n.Driver,
    scope: n.Scope,
    internal: n.Internal,
    subnets: (n.IPAM.Config ?? []).flatMap((c) =>
      c.Subnet ? [{ subnet: c.Subnet, ...(c.Gateway ? { gateway: c.Gateway } : {}) }] : [],
    ),
    containers: Object.values(n.Containers ?? {}).map((c) => c.Name),
    source: 'docker',
    labels: n.Labels ?? {},
  };
}

function publishedPorts(c: DockerContainerSummary): HostPort[] {
  const owner = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
  return c.Ports.flatMap((p) => {
    if (p.PublicPort === undefined) return [];
    const protocol = p.Type === 'udp' || p.Type === 'sctp' ? p.Type : 'tcp';
    return [{ hostIp: p.IP ?? '0.0.0.0', port: p.PublicPort, protocol, owner, kind: 'published' as const }];
  });
}

/**
 * The snapshot with what the host's /proc says (see `hostFactsFromProc`): its listening sockets, routes,
 * interfaces and kernel. A listening socket on a port that a container or sandbox already publishes is the
 * publisher's own (docker-proxy, or the engine's reservation) and is left out, so the holder is named.
 */
export function withHostFacts(snapshot: HostSnapshot, facts: HostFacts): HostSnapshot {
  const published = new Set(snapshot.ports.map((p) => `${p.port}/${p.protocol}`));
  return {
    ...snapshot,
    ports: [...snapshot.ports, ...facts.ports.filter((p) => !published.has(`${p.port}/${p.protocol}`))],
    routes: [...new Set([...snapshot.routes, ...facts.routes])],
    interfaces: facts.interfaces,
    ...(facts.kernel !== undefined ? { kernel: facts.kernel } : {}),
  };
}

/** How a Switchyard engine sandbox is named as the holder of a host port. */
export const sandboxPortOwner = (sandbox: string): string => `sandbox ${sandbox}`;

/** The host ports the engine's sandboxes publish, as the host snapshot lists them. */
export function portsFromSandboxes(sandboxes: readonly Pick<SandboxInfo, 'name' | 'ports'>[]): HostPort[] {
  return sandboxes.flatMap((s) =>
    s.ports.map((p) => ({
      hostIp: p.hostIp,
      port: p.hostPort,
      protocol: p.protocol,
      owner: sandboxPortOwner(s.name),
      kind: 'published' as const,
    })),
  );
}
