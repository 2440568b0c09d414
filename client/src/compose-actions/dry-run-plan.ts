// "Dry-run this project's network": what the engine is asked to build, one sandbox per replica of each
// service, every object name prefixed so nothing collides with real networks or with the project running in
// Docker. Replicas, endpoint modes and publish modes are taken as swarm takes them (core/services). Pure.
import {
  DNSRR_INGRESS_CLASH,
  hostModePending,
  parsePortSpec,
  resolutionMode,
  unplacedHostModeReplicas,
} from '@switchyard/core';
import type { EndpointMode } from '@switchyard/protocol';
import type {
  ComposePort,
  ComposeProjectModel as ComposeProject,
  ComposeService,
} from '@switchyard/protocol';

/** The label a dry run puts on its networks; its value is the compose project's name. */
export const DRY_RUN_LABEL = 'switchyard.dry-run';

export const DRY_RUN_PREFIX = 'dry';

export interface PlannedNetwork {
  key: string;
  /** The engine network the dry run uses. */
  engineName: string;
  driver: string;
  internal: boolean;
  enableIpv6: boolean;
  ipam: { subnet?: string; gateway?: string; ipRange?: string; auxAddresses: Record<string, string> }[];
  options: Record<string, string>;
  /** An external network the project expects to exist; the dry run stands in an empty one for it. */
  external: boolean;
}

export interface PlannedAttachment {
  key: string;
  engineName: string;
  aliases: string[];
  ipv4?: string;
  ipv6?: string;
}

export interface PlannedSandbox {
  service: string;
  sandbox: string;
  /** Which replica of the service this is, from 1. */
  replica: number;
  /** Swarm's reason this replica would not be placed (it stays pending); the dry run does not build it. */
  pending?: string;
  /** `host`, `none`, `container:<sandbox>` for network_mode; undefined for ordinary networking. */
  mode?: string;
  attachments: PlannedAttachment[];
  publish: string[];
  /** What the dry run cannot reproduce for this service, said in the matrix. */
  notes: string[];
}

/** A compose service as the dry run takes it: its replicas, endpoint mode and published ports. */
export interface PlannedService {
  service: string;
  /** Replicas the file asks for, and those the dry run builds (at most MAX_DRY_RUN_REPLICAS). */
  replicas: number;
  built: number;
  endpointMode: EndpointMode;
  /** `spec (mode)` of each published port. */
  ports: string[];
  /** Swarm's refusal of the whole service, verbatim (nothing is built for it). */
  refused?: string;
  notes: string[];
}

export interface DryRunPlan {
  project: string;
  networks: PlannedNetwork[];
  services: PlannedService[];
  sandboxes: PlannedSandbox[];
}

/** A dry run rehearses the network, not the load: more replicas than this are left out (and said so). */
export const MAX_DRY_RUN_REPLICAS = 16;

/** `dry_<project>_<name>`, cut to the engine's 64-character object names. */
export function dryName(project: string, name: string): string {
  return `${DRY_RUN_PREFIX}_${project}_${name}`.replace(/[^a-zA-Z0-9_.-]/g, '_').slice(0, 64);
}

export function planDryRun(project: ComposeProject): DryRunPlan {
  const networks = project.networks.map((n) => ({
    key: n.key,
    engineName: dryName(project.name, n.key),
    driver: n.driver,
    internal: n.internal,
    enableIpv6: n.enableIpv6 ?? n.ipam.some((c) => c.subnet?.includes(':') === true),
    ipam: n.ipam,
    options: n.driverOpts,
    external: n.external,
  }));
  const byKey = new Map(networks.map((n) => [n.key, n.engineName]));
  // `network_mode: service:x` joins x's first replica.
  const firstSandbox = new Map(project.services.map((s) => [s.name, sandboxName(project.name, s, 1)]));
  const services: PlannedService[] = [];
  const sandboxes: PlannedSandbox[] = [];
  for (const s of project.services) {
    const planned = planService(s);
    services.push(planned);
    if (planned.refused) continue;
    const notes: string[] = [];
    const attachments = s.networks.flatMap((a) => {
      const engineName = byKey.get(a.key);
      if (!engineName) {
        notes.push(`network "${a.key}" is not declared under the top-level networks; skipped`);
        return [];
      }
      // Compose makes every service reachable by its own name on each of its networks; swarm adds tasks.NAME.
      const tasks = `tasks.${s.name}`.length <= 64 ? [`tasks.${s.name}`] : [];
      const aliases = [...new Set([s.name, ...tasks, ...a.aliases])];
      return [
        { key: a.key, engineName, aliases, ...(a.ipv4 && { ipv4: a.ipv4 }), ...(a.ipv6 && { ipv6: a.ipv6 }) },
      ];
    });
    const mode = s.networkMode !== undefined ? modeFor(s.networkMode, firstSandbox, notes) : undefined;
    // One host: a fixed host port in `mode: host` holds one replica; swarm leaves the others pending.
    const placed = planned.built - (hasFixedHostModePort(s) ? unplacedHostModeReplicas(planned.built, 1) : 0);
    for (let replica = 1; replica <= planned.built; replica++) {
      sandboxes.push({
        service: s.name,
        sandbox: sandboxName(project.name, s, replica),
        replica,
        ...(replica > placed && { pending: hostModePending(1) }),
        ...(mode !== undefined && { mode }),
        attachments,
        publish: publishedBy(s.ports, replica),
        notes: replica === 1 ? notes : [],
      });
    }
  }
  // A `service:x` sandbox joins x's namespace, so x must exist first.
  sandboxes.sort(
    (a, b) =>
      Number(a.mode?.startsWith('container:') ?? false) - Number(b.mode?.startsWith('container:') ?? false),
  );
  return { project: project.name, networks, services, sandboxes };
}

/** Replica 1 of a service of one replica keeps the plain name; replicas of a bigger one are numbered. */
function sandboxName(project: string, s: ComposeService, replica: number): string {
  return dryName(project, s.replicas > 1 ? `${s.name}_${replica}` : s.name);
}

function planService(s: ComposeService): PlannedService {
  const built = Math.min(s.replicas, MAX_DRY_RUN_REPLICAS);
  const resolved = resolutionMode(s.endpointMode);
  const endpointMode = 'mode' in resolved ? resolved.mode : 'vip';
  const planned: PlannedService = {
    service: s.name,
    replicas: s.replicas,
    built,
    endpointMode,
    ports: s.ports.map((p) => `${p.spec} (${p.mode})`),
    notes: [],
  };
  if ('error' in resolved) return { ...planned, built: 0, refused: resolved.error };
  if (endpointMode === 'dnsrr' && s.ports.some((p) => p.mode === 'ingress')) {
    return { ...planned, built: 0, refused: DNSRR_INGRESS_CLASH };
  }
  if (s.replicas > built) planned.notes.push(`${s.replicas} replicas asked; the dry run builds ${built}`);
  if (s.replicas === 0) planned.notes.push('0 replicas: nothing of this service runs');
  if (endpointMode === 'vip' && built > 1)
    planned.notes.push(
      `endpoint_mode vip: the dry run has no virtual IP here, so "${s.name}" resolves to every replica's address (as dnsrr)`,
    );
  if (built > 1 && s.ports.some((p) => p.mode === 'ingress'))
    planned.notes.push('ingress ports are published by replica 1 only (no routing mesh in the dry run)');
  return planned;
}

/**
 * What a replica publishes: host-mode ports on every replica (each binds its own host's port), ingress ports
 * once, on replica 1, standing in for the routing mesh's single entry on the host.
 */
function publishedBy(ports: ComposePort[], replica: number): string[] {
  return ports.filter((p) => p.mode === 'host' || replica === 1).map((p) => p.spec);
}

/** A `mode: host` port with a fixed host port: one replica per host can hold it. */
function hasFixedHostModePort(s: ComposeService): boolean {
  return s.ports.some((p) => {
    if (p.mode !== 'host') return false;
    const r = parsePortSpec(p.spec);
    return r.ok && r.value.some((b) => b.hostPort !== null && b.hostPort.start === b.hostPort.end);
  });
}

function modeFor(mode: string, firstSandbox: Map<string, string>, notes: string[]): string {
  if (mode === 'host' || mode === 'none') return mode;
  const target = mode.startsWith('service:') ? firstSandbox.get(mode.slice('service:'.length)) : undefined;
  if (target) return `container:${target}`;
  if (mode === 'bridge') return 'bridge';
  notes.push(`network_mode "${mode}" refers to something outside the project; the dry run uses "none"`);
  return 'none';
}
