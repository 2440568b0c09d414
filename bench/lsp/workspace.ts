// What else the benchmark can attach to a run (issue 16): a host snapshot as a connected host sends it (200
// networks, 2,000 listening sockets), and a workspace of many compose projects open at once. Both are
// made so the measured project stays clean: the host's subnets and ports are outside the generated ones.
import type { HostSnapshot } from '@switchyard/protocol';
import { generateProject } from './generate';
import type { GeneratedProject } from './generate';

/**
 * A host with `networks` Docker networks on 172.16.0.0/12 (the generated projects use 10.0.0.0/8 and
 * fd00::/8), each with a few containers, and `sockets` listening sockets on ports from 40000 (the projects
 * publish 10000-29999), half on every address and half on loopback, tcp and udp.
 */
export function benchHost(networks = 200, sockets = 2000): HostSnapshot {
  return {
    host: 'bench-host',
    takenAt: '2026-12-06T00:00:00Z',
    networks: Array.from({ length: networks }, (_, k) => ({
      id: `n${k}`,
      name: `host-net-${k}`,
      driver: k % 10 === 9 ? 'overlay' : 'bridge',
      scope: k % 10 === 9 ? 'swarm' : 'local',
      internal: k % 7 === 3,
      subnets: [
        { subnet: `172.${16 + (k >> 8)}.${k & 255}.0/24`, gateway: `172.${16 + (k >> 8)}.${k & 255}.1` },
      ],
      containers: [`app-${k}-1`, `app-${k}-2`],
      source: 'docker' as const,
      labels: {},
    })),
    ports: Array.from({ length: sockets }, (_, k) => ({
      hostIp: k % 2 === 0 ? '0.0.0.0' : '127.0.0.1',
      port: 40000 + k,
      protocol: k % 5 === 4 ? ('udp' as const) : ('tcp' as const),
      owner: k % 3 === 0 ? `app-${k % networks}-1` : `process-${k}`,
      kind: k % 3 === 0 ? ('published' as const) : ('listening' as const),
    })),
    routes: ['192.168.1.0/24', '169.254.0.0/16'],
    interfaces: ['eth0', 'lo', 'docker0'],
    kernel: '6.1.0',
    dockerVersion: '28.0.1',
  };
}

/** The other projects of a workspace of `count` projects: each 40 services on 8 networks, as many have. */
export function siblingProjects(count: number): GeneratedProject[] {
  return Array.from({ length: Math.max(0, count - 1) }, () => generateProject({ services: 40, networks: 8 }));
}
