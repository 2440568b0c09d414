import { prefixOf } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';
import type { HostNetwork, HostSnapshot } from '@switchyard/protocol';
import type { ComposeProject, NetworkModel } from '../../../compose/project';

/**
 * A network on the host is this project's own network when it carries its engine name or Compose's labels
 * for it: a project that is already up must not be told it overlaps itself.
 */
export function isSameNetwork(project: ComposeProject, net: NetworkModel, h: HostNetwork): boolean {
  if (h.name === net.engineName) return true;
  return (
    h.labels['com.docker.compose.project'] === project.name &&
    h.labels['com.docker.compose.network'] === net.key
  );
}

/** Local networks share one address space on the host, swarm-scoped ones the global space. */
export function sameAddressSpace(driver: string, h: HostNetwork): boolean {
  // Switchyard's overlays put a bridge with their gateway on every host of the cluster, in the host's own
  // routing table: any network of a project on one of those hosts clashes with them.
  if (h.source === 'engine' && h.clusterHosts?.length) return true;
  const global = h.scope === 'swarm' || h.scope === 'global';
  return global === (driver === 'overlay');
}

export interface HostSubnet {
  network: HostNetwork;
  subnet: Prefix;
  raw: string;
}

export function hostSubnets(host: HostSnapshot): HostSubnet[] {
  return host.networks.flatMap((network) =>
    network.subnets.flatMap((s) => {
      const p = prefixOf(s.subnet);
      return p ? [{ network, subnet: p, raw: s.subnet }] : [];
    }),
  );
}
