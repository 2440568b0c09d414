import type { NetworkInspect, ServiceInfo } from '@switchyard/protocol';
import type { Host } from '../hosts/host';

/** One overlay network of a cluster, with each member host's own view of it (its local endpoints). */
export interface ClusterNetwork {
  network: NetworkInspect;
  byHost: { host: Host; network: NetworkInspect }[];
}

/** Connected hosts whose engines share one cluster store, and the global networks they hold. */
export interface ClusterGroup {
  store: string;
  hosts: Host[];
  networks: ClusterNetwork[];
  /** The cluster's services, once each (every member's engine lists them all; the first answer is kept). */
  services: ServiceInfo[];
}

/** `etcd://b:2379,a:2379` and `etcd://a:2379,b:2379` are the same store. */
export function storeKey(url: string): string {
  const m = /^([a-z0-9]+:\/\/)(.*)$/.exec(url);
  return m ? `${m[1]}${(m[2] as string).split(',').sort().join(',')}` : url;
}

/**
 * Groups hosts by their engine's cluster store; each global network appears once per cluster (by id),
 * with the hosts that hold endpoints on it (an engine's inspect lists only its own endpoints).
 */
export function clusterGroups(hosts: readonly Host[]): ClusterGroup[] {
  const groups = new Map<string, ClusterGroup>();
  for (const host of hosts) {
    const store = host.engine?.cluster?.store;
    if (!store || host.state !== 'connected') continue;
    const key = storeKey(store);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { store: key, hosts: [], networks: [], services: [] }));
    g.hosts.push(host);
    for (const s of host.engine?.services ?? []) {
      if (!g.services.some((x) => x.id === s.id)) g.services.push(s);
    }
    for (const n of host.engine?.networks ?? []) {
      if (n.Scope !== 'global') continue;
      let entry = g.networks.find((x) => x.network.Id === n.Id);
      if (!entry) g.networks.push((entry = { network: n, byHost: [] }));
      entry.byHost.push({ host, network: n });
    }
  }
  for (const g of groups.values()) {
    g.networks.sort((a, b) => a.network.Name.localeCompare(b.network.Name));
    g.services.sort((a, b) => a.name.localeCompare(b.name));
  }
  return [...groups.values()];
}

/** Whether a host's global networks are drawn under its cluster (so its own list leaves them out). */
export const inCluster = (host: Host): boolean => !!host.engine?.cluster?.store;
