import type { KernelInfo, NetworkCreateParams } from '@switchyard/protocol';
import type { BatchLine } from '../exec/ip';
import type { EndpointRecord, NetworkRecord, SandboxRecord, State } from '../model/types';

/** Lines for a join's in-namespace batch, and what to note once they ran (the DNS route: discovery/). */
export interface InsideLines {
  lines: BatchLine[];
  taken: () => void;
}

export interface JoinOptions {
  /** This endpoint carries the sandbox's default route (the first non-internal network, as Docker picks). */
  defaultRoute: boolean;
  /** Create the sandbox's namespace in the same `ip -batch` (saves two processes on sandbox create). */
  newNamespace?: boolean;
  /** Work inside the namespace that may run in parallel with the in-namespace addressing (DNS redirect). */
  alongside?: () => Promise<void>;
  /**
   * Lines that go at the end of the in-namespace batch, after the addressing (the DNS route, which needs
   * the interface's address); `taken` is called once that batch ran. A driver without such a batch ignores
   * them (the join's DNS redirect then adds the route itself).
   */
  inside?: InsideLines;
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
  /** The driver's own checks and fields, before anything changes (macvlan: parent, mode, kernel features). */
  planNetwork?(net: NetworkRecord, s: State, p: NetworkCreateParams): Promise<NetworkRecord>;
  /** Told once at start what the kernel offers (drivers refuse what it lacks). */
  useKernel?(kernel: KernelInfo): void;
  /** Links of an endpoint in the engine's namespace (default: its host veth end). */
  hostLinks?(ep: EndpointRecord): string[];
  /** Links of a network in the engine's namespace that must exist (default: its device). */
  networkLinks?(net: NetworkRecord): string[];
  createNetwork(net: NetworkRecord): Promise<void>;
  /** `remaining`: the other networks, for links shared between networks (a VLAN sub-interface). */
  deleteNetwork(net: NetworkRecord, remaining?: NetworkRecord[]): Promise<void>;
  join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, opts: JoinOptions): Promise<void>;
  leave(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<void>;
}

export const hostLinksOf = (d: NetworkDriver, ep: EndpointRecord): string[] =>
  d.hostLinks ? d.hostLinks(ep) : [ep.hostIfname];

export const networkLinksOf = (d: NetworkDriver, net: NetworkRecord): string[] =>
  d.networkLinks ? d.networkLinks(net) : net.device ? [net.device] : [];
