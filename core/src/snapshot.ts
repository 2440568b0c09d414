import type {
  DockerContainerSummary,
  DockerNetwork,
  HostNetwork,
  HostPort,
  HostSnapshot,
} from '@switchyard/protocol';

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
