import { z } from 'zod';

/**
 * What the language server knows about a connected host. The client (or `switchyard lint --docker-host`)
 * builds it from the Docker engine and the Switchyard engine and sends it to the server; the server never
 * talks to a host itself.
 */
export const HostNetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.string().default('local'),
  internal: z.boolean().default(false),
  subnets: z.array(z.object({ subnet: z.string(), gateway: z.string().optional() })).default([]),
  /** Names of containers or sandboxes attached. */
  containers: z.array(z.string()).default([]),
  /** Where the network comes from: the host's Docker engine or Switchyard's engine. */
  source: z.enum(['docker', 'engine']).default('docker'),
  labels: z.record(z.string(), z.string()).default({}),
  /** A global network of an engine cluster (overlay): the cluster's hosts, so findings can name them. */
  clusterHosts: z.array(z.string()).max(256).optional(),
});
export type HostNetwork = z.infer<typeof HostNetworkSchema>;

export const HostPortSchema = z.object({
  /** Host address the port is bound on; `0.0.0.0` / `::` for every address of that family. */
  hostIp: z.string(),
  port: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp', 'sctp']),
  /** Who holds it: a container name, a sandbox, or a process (for listening sockets). */
  owner: z.string(),
  kind: z.enum(['published', 'listening']),
});
export type HostPort = z.infer<typeof HostPortSchema>;

export const HostSnapshotSchema = z.object({
  /** Display name of the host, e.g. `localhost` or `root@build-1`. */
  host: z.string(),
  takenAt: z.string(),
  networks: z.array(HostNetworkSchema).default([]),
  ports: z.array(HostPortSchema).default([]),
  /** Routes of the host (destination prefixes), so a subnet overlapping the LAN can be flagged. */
  routes: z.array(z.string()).default([]),
  /** Network interfaces of the host, when known, so a macvlan/ipvlan `parent` that is not there can be flagged. */
  interfaces: z.array(z.string()).optional(),
  /** The kernel release (`uname -r`), when known. */
  kernel: z.string().optional(),
  /** The Docker engine's version (`docker version`'s server version), when known. */
  dockerVersion: z.string().optional(),
  /**
   * How many hosts a service's replicas can be placed on: the live hosts of the engine's cluster, or the
   * nodes of the Docker swarm the host manages. Absent: the host stands alone (one node).
   */
  nodes: z.number().int().min(1).max(100_000).optional(),
});
export type HostSnapshot = z.infer<typeof HostSnapshotSchema>;

export const HostSnapshotParamsSchema = z.object({ snapshot: HostSnapshotSchema.nullable() });
export type HostSnapshotParams = z.infer<typeof HostSnapshotParamsSchema>;

/**
 * A custom LSP message of ours: its method and, for the type checker only, its params. The sender passes it to
 * `notify` (client/src/language-client/language-client.ts), which takes params of exactly that type; the receiver listens by
 * `method` and checks what arrives with the params' schema (it crossed a process boundary). Plain data, so
 * protocol/ stays zod-only and each side uses its own vscode-jsonrpc.
 */
export interface LspNotification<P> {
  readonly method: string;
  /** Never set: carries the params' type. */
  readonly params?: P;
}

/** `switchyard/hostSnapshot`: client -> server, the snapshot of the host the workspace is connected to (null: none). */
export const HostSnapshotNotification: LspNotification<HostSnapshotParams> = {
  method: 'switchyard/hostSnapshot',
};
