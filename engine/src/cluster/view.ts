import type { EndpointRow, GlobalNetwork, HostRecord } from './records';
import { EndpointRowSchema, GlobalNetworkSchema, HostRecordSchema, ROOT, parseRow } from './records';
import type { ServiceRecord, TaskRow } from './service-records';
import { ServiceRecordSchema, TaskRowSchema } from './service-records';

/** What changed in one batch of watch events, so the sync touches only those networks. */
export interface Dirty {
  networks: boolean;
  endpointsOf: Set<string>;
  hosts: boolean;
  /** A service record or a task placement changed (services/agent.ts acts on it). */
  services: boolean;
}

/**
 * This host's picture of the cluster: hosts, global networks and every endpoint row, built from a full
 * listing and kept current by watch events. Pure: no I/O, so the sync's decisions are testable.
 */
export class ClusterView {
  readonly hosts = new Map<string, HostRecord>();
  /** Hosts whose record went away (lease expired or released), and when we noticed. */
  readonly gone = new Map<string, Date>();
  readonly networks = new Map<string, GlobalNetwork>();
  readonly endpoints = new Map<string, Map<string, EndpointRow>>();
  /** Services by id, and their task placements by slot (service-records.ts). */
  readonly services = new Map<string, ServiceRecord>();
  readonly tasks = new Map<string, Map<number, TaskRow>>();
  /** Rows that failed their schema (counted, never trusted). */
  rejected = 0;

  reset(): void {
    this.hosts.clear();
    this.networks.clear();
    this.endpoints.clear();
    this.services.clear();
    this.tasks.clear();
  }

  /** Applies one key's new value (undefined = deleted); marks what it touched in `dirty`. */
  apply(key: string, value: string | undefined, dirty: Dirty): void {
    if (!key.startsWith(ROOT)) return;
    const [kind, a, b] = key.slice(ROOT.length).split('/');
    if (kind === 'hosts' && a) {
      dirty.hosts = true;
      const h = value === undefined ? undefined : parseRow(HostRecordSchema, value);
      if (h) {
        this.hosts.set(a, h);
        this.gone.delete(a);
      } else if (this.hosts.delete(a)) this.gone.set(a, new Date());
      if (value !== undefined && !h) this.rejected++;
    } else if (kind === 'networks' && a) {
      dirty.networks = true;
      const n = value === undefined ? undefined : parseRow(GlobalNetworkSchema, value);
      if (n && n.id === a) this.networks.set(a, n);
      else {
        this.networks.delete(a);
        if (value !== undefined) this.rejected++;
      }
    } else if (kind === 'services' && a) {
      dirty.services = true;
      const r = value === undefined ? undefined : parseRow(ServiceRecordSchema, value);
      if (r && r.id === a) this.services.set(a, r);
      else {
        this.services.delete(a);
        if (value !== undefined) this.rejected++;
      }
    } else if (kind === 'tasks' && a && b) {
      dirty.services = true;
      const t = value === undefined ? undefined : parseRow(TaskRowSchema, value);
      let slots = this.tasks.get(a);
      if (t && String(t.slot) === b) {
        if (!slots) this.tasks.set(a, (slots = new Map()));
        slots.set(t.slot, t);
      } else {
        slots?.delete(Number(b));
        if (slots?.size === 0) this.tasks.delete(a);
        if (value !== undefined) this.rejected++;
      }
    } else if (kind === 'endpoints' && a && b) {
      dirty.endpointsOf.add(a);
      let eps = this.endpoints.get(a);
      const row = value === undefined ? undefined : parseRow(EndpointRowSchema, value);
      if (row && row.id === b && row.networkId === a) {
        if (!eps) this.endpoints.set(a, (eps = new Map()));
        eps.set(b, row);
      } else {
        eps?.delete(b);
        if (value !== undefined) this.rejected++;
      }
    }
  }

  rowsOf(networkId: string): EndpointRow[] {
    return [...(this.endpoints.get(networkId)?.values() ?? [])];
  }
}

export const emptyDirty = (): Dirty => ({
  networks: false,
  endpointsOf: new Set(),
  hosts: false,
  services: false,
});
