import type { HostSnapshot } from '@switchyard/protocol';
import { hostNetwork, hostSnapshot } from '../../../../support/host-snapshot';

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
  const { networks = [], ...rest } = extra;
  return hostSnapshot(
    [...builtin, ...networks].map(({ subnets = [], ...n }, i) => {
      // Fields a test leaves empty take the defaults (a padded id, the bridge driver).
      const given = Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined && v !== ''));
      return hostNetwork(n.name, {
        id: `${i}`.padStart(64, 'f'),
        ...given,
        subnets: subnets.map((subnet) => ({ subnet })),
      });
    }),
    { host: 'root@build-1', ...rest },
  );
}
