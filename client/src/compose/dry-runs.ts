import type { Host } from '../hosts/host';
import type { DryRunResources } from './dry-run-runner';

/** A dry run that is still standing on a host, until the user tears it down. */
export interface StandingDryRun {
  host: Host;
  project: string;
  made: DryRunResources;
}

/** The dry runs standing now, by `<host id>/<project>`: one per project and host; a new run replaces it. */
export const standingDryRuns = new Map<string, StandingDryRun>();

export const dryRunKey = (host: Host, project: string): string => `${host.id}/${project}`;
