// What else the benchmark can attach to a run (issue 16): a host snapshot as a connected host sends it (200
// networks, 2,000 listening sockets), and a workspace of many compose projects open at once. Both are
// made so the measured project stays clean: the host's subnets and ports are outside the generated ones.
import type { HostSnapshot } from '@switchyard/protocol';
import { join } from 'node:path';
import { generateOverride, generateProject } from './generate';
import type { GeneratedProject } from './generate';
import type { OpenDocument } from './measure-lsp';

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

/** The sizes of each project of benchWorkspace: the base file's, and the `include`d file's. */
export const WORKSPACE_BASE = { services: 14, networks: 4 };
export const WORKSPACE_INCLUDED = { services: 6, networks: 2 };

/**
 * A workspace of `count` compose projects open at once (issue 16), each in its own folder with three files:
 * `compose.yaml` (14 services on 4 networks, with `include: [infra.yaml]`), `compose.override.yaml` (an
 * environment value and a static address for every third service: the loader merges it), and `infra.yaml`
 * (6 services on 2 networks of its own, names, subnets and ports apart from the base's). 50 projects make
 * 1,000 services. Every file is opened and has an edit target (an address's last digit); edits go round
 * robin over the projects and, within them, over the three files, so every edit lands in another project
 * and a third of them in override and included files.
 */
export function benchWorkspace(count: number): OpenDocument[] {
  const base = generateProject(WORKSPACE_BASE, { include: ['infra.yaml'] });
  const override = generateOverride(WORKSPACE_BASE);
  const infra = generateProject(WORKSPACE_INCLUDED, {
    prefix: 'infra-',
    firstNet: 100,
    firstPort: 500,
  });
  const files = [
    { file: 'compose.yaml', p: base },
    { file: 'compose.override.yaml', p: override },
    { file: 'infra.yaml', p: infra },
  ];
  const folder = (k: number): string => `project-${String(k + 1).padStart(2, '0')}`;
  const docs: OpenDocument[] = [];
  // Opened project by project (base, override, included); the edit order is set by the position in this list.
  for (let k = 0; k < count; k++)
    for (const f of files) docs.push({ file: join(folder(k), f.file), text: f.p.text, edit: f.p.edit });
  return docs;
}

/**
 * The edit order for benchWorkspace's documents: edit j goes to project j mod count and to its file
 * j mod 3 (3 and 50 share no factor, so 150 edits reach every file once).
 */
export function spreadEdits(docs: OpenDocument[], count: number): string[] {
  return Array.from({ length: docs.length }, (_, j) => docs[(j % count) * 3 + (j % 3)]?.file ?? '');
}
