// The engine's picture of who may resolve what, handed to createScopedResolver on every join and leave.
// It is plain data (what the store already knows), so the scoping rules are tested without any kernel.

/** One endpoint: a sandbox attached to a network. */
export interface DnsEndpointView {
  /** The sandbox id: endpoints with the same sandbox are one client (its networks form its scope). */
  sandbox: string;
  /** The sandbox/container name registered on this network ("" for none). */
  name: string;
  /** Network-scoped aliases (`--alias`, compose `aliases`); several endpoints may share one (round robin). */
  aliases?: readonly string[];
  ipv4?: string;
  ipv6?: string;
}

export interface DnsNetworkView {
  name: string;
  /** Internal networks have no way out: a sandbox attached only to internal networks is never forwarded. */
  internal?: boolean;
  /**
   * false for networks without name resolution (Docker's default `bridge`): their endpoints are neither
   * resolvable nor do they widen anyone's scope, but they still give their sandbox external access.
   */
  serviceDiscovery?: boolean;
  endpoints: readonly DnsEndpointView[];
}

/**
 * Every network with its endpoints. A sandbox's networks are searched in the order they appear here; the
 * first network (in that order) that knows a name answers for it, as in libnetwork's Sandbox.ResolveName.
 */
export interface DnsView {
  networks: readonly DnsNetworkView[];
}
