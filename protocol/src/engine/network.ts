import { z } from 'zod';
import { OverlayPeerSchema } from './cluster';
import { CidrSchema, IpSchema, ObjectNameSchema, RefSchema } from './common';

export const DriverSchema = z.enum(['bridge', 'host', 'null', 'overlay', 'macvlan', 'ipvlan']);
export type Driver = z.infer<typeof DriverSchema>;
export const ScopeSchema = z.enum(['local', 'global']);

/** One `--subnet` with the `--gateway`, `--ip-range` and `--aux-address` that belong to it. */
export const IpamConfigRequestSchema = z.strictObject({
  subnet: CidrSchema.optional(),
  gateway: IpSchema.optional(),
  ipRange: CidrSchema.optional(),
  auxAddresses: z.record(z.string(), IpSchema).default({}),
});

export const NetworkCreateParamsSchema = z.strictObject({
  name: ObjectNameSchema,
  driver: z.string().default('bridge'),
  ipam: z.array(IpamConfigRequestSchema).max(4).default([]),
  internal: z.boolean().default(false),
  attachable: z.boolean().default(true),
  enableIPv6: z.boolean().default(false),
  labels: z.record(z.string(), z.string()).default({}),
  options: z.record(z.string(), z.string()).default({}),
});
export type NetworkCreateParams = z.infer<typeof NetworkCreateParamsSchema>;

/** The shape of `docker network inspect` (api/types/network), so tools written for Docker read ours. */
export const InspectEndpointSchema = z.object({
  Name: z.string(),
  EndpointID: z.string(),
  MacAddress: z.string(),
  IPv4Address: z.string(),
  IPv6Address: z.string(),
});
export const NetworkInspectSchema = z.object({
  Name: z.string(),
  Id: z.string(),
  Created: z.string(),
  Scope: ScopeSchema,
  Driver: z.string(),
  EnableIPv4: z.boolean(),
  EnableIPv6: z.boolean(),
  IPAM: z.object({
    Driver: z.string(),
    Options: z.record(z.string(), z.string()),
    Config: z.array(
      z.object({
        Subnet: z.string(),
        Gateway: z.string().optional(),
        IPRange: z.string().optional(),
        AuxiliaryAddresses: z.record(z.string(), z.string()).optional(),
      }),
    ),
  }),
  Internal: z.boolean(),
  Attachable: z.boolean(),
  Ingress: z.boolean(),
  ConfigFrom: z.object({ Network: z.string() }),
  ConfigOnly: z.boolean(),
  Containers: z.record(z.string(), InspectEndpointSchema),
  Options: z.record(z.string(), z.string()),
  Labels: z.record(z.string(), z.string()),
  /** Overlay networks: the other hosts with endpoints on it, and what is programmed for them here. */
  Peers: z.array(OverlayPeerSchema).optional(),
  /**
   * Overlay networks, ours: whether frames between this host's sandboxes and other hosts' skip the host bridge
   * (nftables netdev `fwd`), what it holds and has forwarded, or why not (kernel, ICC off), in words.
   */
  Bypass: z.string().optional(),
  /** Ours, not Docker's: what this network cannot do, in words (macvlan: the host cannot reach its sandboxes). */
  Notes: z.array(z.string()).optional(),
  /** Switchyard only: why the engine could not repair this network at its start; `rm` still works. */
  Broken: z.string().optional(),
  /** Global networks: the hosts of the cluster (names from their records in the store). */
  ClusterHosts: z.array(z.string()).optional(),
});
export type NetworkInspect = z.infer<typeof NetworkInspectSchema>;

export const NetworkLsParamsSchema = z.strictObject({ filter: z.string().optional() }).default({});
export const NetworkLsResultSchema = z.array(NetworkInspectSchema);
export const NetworkRefParamsSchema = z.strictObject({ network: RefSchema });
export const NetworkRmResultSchema = z.object({ removed: z.string() });
/**
 * `network prune --filter` as Docker takes it: `label=K[=V]` (every one must match), `label!=K[=V]` (none may),
 * `until` (created before this instant; the CLI turns `24h` or a date into it).
 */
export const NetworkPruneParamsSchema = z
  .strictObject({
    labels: z.array(z.string().min(1).max(512)).max(32).optional(),
    notLabels: z.array(z.string().min(1).max(512)).max(32).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .default({});
export type NetworkPruneParams = z.infer<typeof NetworkPruneParamsSchema>;
export const NetworkPruneResultSchema = z.object({ removed: z.array(z.string()) });

export const NetworkConnectParamsSchema = z.strictObject({
  network: RefSchema,
  sandbox: RefSchema,
  ip: IpSchema.optional(),
  ip6: IpSchema.optional(),
  aliases: z.array(ObjectNameSchema).max(32).default([]),
});
export type NetworkConnectParams = z.infer<typeof NetworkConnectParamsSchema>;
export const NetworkDisconnectParamsSchema = z.strictObject({
  network: RefSchema,
  sandbox: RefSchema,
  force: z.boolean().default(false),
});
