import { HostSnapshotSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';

/** A host as the rules see it: Docker's three predefined networks plus what a test adds. */
export function hostWith(extra: {
  networks?: {
    id?: string;
    name: string;
    driver?: string;
    scope?: string;
    subnets?: string[];
    labels?: Record<string, string>;
    clusterHosts?: string[];
    source?: 'docker' | 'engine';
  }[];
  routes?: string[];
  ports?: HostSnapshot['ports'];
  interfaces?: string[];
  kernel?: string;
  dockerVersion?: string;
}): HostSnapshot {
  const builtin = [
    { name: 'bridge', subnets: ['172.17.0.0/16'] },
    { name: 'host', driver: 'host' },
    { name: 'none', driver: 'null' },
  ];
  return HostSnapshotSchema.parse({
    host: 'root@build-1',
    takenAt: '2026-01-01T00:00:00Z',
    networks: [...builtin, ...(extra.networks ?? [])].map((n, i) => ({
      id: 'id' in n && n.id ? n.id : `${i}`.padStart(64, 'f'),
      name: n.name,
      driver: ('driver' in n && n.driver) || 'bridge',
      ...('scope' in n && n.scope ? { scope: n.scope } : {}),
      subnets: (('subnets' in n && n.subnets) || []).map((subnet) => ({ subnet })),
      ...('labels' in n && n.labels ? { labels: n.labels } : {}),
      ...('clusterHosts' in n && n.clusterHosts ? { clusterHosts: n.clusterHosts } : {}),
      ...('source' in n && n.source ? { source: n.source } : {}),
    })),
    routes: extra.routes ?? [],
    ports: extra.ports ?? [],
    interfaces: extra.interfaces,
    kernel: extra.kernel,
    dockerVersion: extra.dockerVersion,
  });
}
