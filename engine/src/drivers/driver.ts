import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';

export interface JoinOptions {
  /** This endpoint carries the sandbox's default route (the first non-internal network, as Docker picks). */
  defaultRoute: boolean;
  /** Create the sandbox's namespace in the same `ip -batch` (saves two processes on sandbox create). */
  newNamespace?: boolean;
  /** Work inside the namespace that may run in parallel with the in-namespace addressing (DNS redirect). */
  alongside?: () => Promise<void>;
}

/**
 * The data plane of one kind of network (CNM "driver"). Every method is idempotent enough to be re-run by the
 * reconciler, and undoes its own partial work before throwing.
 */
export interface NetworkDriver {
  readonly type: string;
  readonly scope: 'local' | 'global';
  /** Sandboxes of this driver live in their own namespace and get endpoints (false for host and null). */
  readonly hasEndpoints: boolean;
  createNetwork(net: NetworkRecord): Promise<void>;
  deleteNetwork(net: NetworkRecord): Promise<void>;
  join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, opts: JoinOptions): Promise<void>;
  leave(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<void>;
}
