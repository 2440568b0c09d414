import { sandboxPortOwner } from '@switchyard/core';
import type { HostSnapshot, NetworkInspect, SandboxInfo } from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import { DRY_RUN_LABEL, dryName } from './dry-run-plan';
import type { DryRunResources } from './dry-run-runner';

/** A dry run that is still standing on a host, until the user tears it down. */
export interface StandingDryRun {
  host: Host;
  project: string;
  made: DryRunResources;
}

/** The dry runs this window started, by `<host id>/<project>`: one per project and host; a new run replaces it. */
export const standingDryRuns = new Map<string, StandingDryRun>();

export const dryRunKey = (host: Host, project: string): string => `${host.id}/${project}`;

/** Whether an engine network belongs to a dry run (a rehearsal of a compose file, not a network of the host). */
export const isDryRunNetwork = (labels: Record<string, string> | null | undefined): boolean =>
  labels?.[DRY_RUN_LABEL] !== undefined;

/**
 * The snapshot without what dry runs hold: their networks, the routes of their bridges and the host ports
 * their sandboxes publish. A compose file must not be told it clashes with its own rehearsal.
 */
export function withoutDryRuns(snapshot: HostSnapshot): HostSnapshot {
  const dry = snapshot.networks.filter((n) => isDryRunNetwork(n.labels));
  if (dry.length === 0) return snapshot;
  const owners = new Set(dry.flatMap((n) => n.containers).map(sandboxPortOwner));
  const subnets = new Set(dry.flatMap((n) => n.subnets.map((s) => s.subnet)));
  return {
    ...snapshot,
    networks: snapshot.networks.filter((n) => !isDryRunNetwork(n.labels)),
    ports: snapshot.ports.filter((p) => !owners.has(p.owner)),
    routes: snapshot.routes.filter((r) => !subnets.has(r)),
  };
}

/**
 * The dry runs found in the engine itself, by project: what a window that was reloaded (or another window)
 * left standing. Networks carry the project in their label; a sandbox belongs to the run whose networks it
 * is attached to, or, when it has none of its own (network_mode host, none or service:), to the project whose
 * `dry_<project>_` prefix its name has (the longest such prefix, so `dry_a_b_web` goes to `a_b`, not `a`).
 */
export function dryRunsInEngine(
  networks: readonly Pick<NetworkInspect, 'Name' | 'Labels'>[],
  sandboxes: readonly {
    name: string;
    endpoints: readonly Pick<SandboxInfo['endpoints'][number], 'network'>[];
  }[],
): Map<string, DryRunResources> {
  const runs = new Map<string, DryRunResources>();
  const projectOfNetwork = new Map<string, string>();
  for (const n of networks) {
    const project = n.Labels[DRY_RUN_LABEL];
    if (project === undefined) continue;
    projectOfNetwork.set(n.Name, project);
    run(runs, project).networks.push(n.Name);
  }
  const prefixes = [...runs.keys()]
    .map((project) => ({ project, prefix: dryName(project, '') }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  // Attached sandboxes first, then those without endpoints of their own: the teardown removes in reverse, so
  // a sandbox sharing another's namespace (network_mode: service:) goes before the one it shares.
  for (const s of sandboxes) {
    const project = s.endpoints.map((e) => projectOfNetwork.get(e.network)).find((p) => p !== undefined);
    if (project !== undefined) run(runs, project).sandboxes.push(s.name);
  }
  for (const s of sandboxes) {
    if (s.endpoints.length > 0) continue;
    const project = prefixes.find((p) => s.name.startsWith(p.prefix))?.project;
    if (project !== undefined) run(runs, project).sandboxes.push(s.name);
  }
  return runs;
}

function run(runs: Map<string, DryRunResources>, project: string): DryRunResources {
  let r = runs.get(project);
  if (!r) runs.set(project, (r = { networks: [], sandboxes: [] }));
  return r;
}
