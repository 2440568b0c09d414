import type { HostSnapshot } from '@switchyard/protocol';

/**
 * A host the seeds collide with: networks on the seeds' subnets (one under another subnet, one external
 * name), routes over them, ports the seeds publish held by containers and processes, interfaces and a kernel.
 */
export function hostSnapshot(variant: number): HostSnapshot {
  return {
    host: `build-${variant}`,
    takenAt: '2026-12-06T00:00:00Z',
    networks: [
      {
        id: 'n1',
        name: 'project_front',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        subnets: [{ subnet: variant ? '172.16.238.0/24' : '10.9.0.0/16' }],
        containers: ['c1'],
        source: 'docker',
        labels: {},
      },
      {
        id: 'n2',
        name: 'legacy',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        subnets: [{ subnet: '10.0.0.0/16', gateway: '10.0.0.1' }],
        containers: [],
        source: 'docker',
        labels: {},
      },
      {
        id: 'n3',
        name: 'shared',
        driver: 'overlay',
        scope: 'swarm',
        internal: false,
        subnets: [{ subnet: '10.20.0.0/16' }],
        containers: [],
        source: 'engine',
        labels: {},
      },
    ],
    ports: [
      { hostIp: '0.0.0.0', port: 8080, protocol: 'tcp', owner: 'legacy-web', kind: 'published' },
      { hostIp: '127.0.0.1', port: 5432, protocol: 'tcp', owner: 'postgres (pid 812)', kind: 'listening' },
      { hostIp: '0.0.0.0', port: 80, protocol: 'tcp', owner: 'nginx (pid 1)', kind: 'listening' },
      { hostIp: '::', port: 443 + variant, protocol: 'tcp', owner: 'caddy', kind: 'listening' },
    ],
    routes: ['192.168.0.0/16', '172.16.0.0/12', '10.1.0.0/16'],
    // The second host has no eth0 (a macvlan parent is missing) and a kernel too old for ipvlan.
    interfaces: variant ? ['lo'] : ['eth0', 'lo'],
    kernel: variant ? '3.10.0-1160' : '6.1.0-18-amd64',
  };
}
