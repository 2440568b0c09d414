// "Dry-run this project's network": what the engine is asked to build, one sandbox per service, every
// object name prefixed so nothing collides with real networks or with the project running in Docker. Pure.
import type { ComposeProject } from './model';

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
  /** `host`, `none`, `container:<sandbox>` for network_mode; undefined for ordinary networking. */
  mode?: string;
  attachments: PlannedAttachment[];
  publish: string[];
  /** What the dry run cannot reproduce for this service, said in the matrix. */
  notes: string[];
}

export interface DryRunPlan {
  project: string;
  networks: PlannedNetwork[];
  sandboxes: PlannedSandbox[];
}

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
  const sandboxes = project.services.map((s): PlannedSandbox => {
    const notes: string[] = [];
    const attachments = s.networks.flatMap((a) => {
      const engineName = byKey.get(a.key);
      if (!engineName) {
        notes.push(`network "${a.key}" is not declared under the top-level networks; skipped`);
        return [];
      }
      // Compose makes every service reachable by its own name on each of its networks.
      const aliases = [...new Set([s.name, ...a.aliases])];
      return [
        { key: a.key, engineName, aliases, ...(a.ipv4 && { ipv4: a.ipv4 }), ...(a.ipv6 && { ipv6: a.ipv6 }) },
      ];
    });
    return {
      service: s.name,
      sandbox: dryName(project.name, s.name),
      ...(s.networkMode !== undefined && { mode: modeFor(project.name, s.networkMode, notes) }),
      attachments,
      publish: s.ports,
      notes,
    };
  });
  // A `service:x` sandbox joins x's namespace, so x must exist first.
  sandboxes.sort(
    (a, b) =>
      Number(a.mode?.startsWith('container:') ?? false) - Number(b.mode?.startsWith('container:') ?? false),
  );
  return { project: project.name, networks, sandboxes };
}

function modeFor(project: string, mode: string, notes: string[]): string {
  if (mode === 'host' || mode === 'none') return mode;
  if (mode.startsWith('service:')) return `container:${dryName(project, mode.slice('service:'.length))}`;
  if (mode === 'bridge') return 'bridge';
  notes.push(`network_mode "${mode}" refers to something outside the project; the dry run uses "none"`);
  return 'none';
}
