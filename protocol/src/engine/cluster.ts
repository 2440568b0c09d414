import { z } from 'zod';

/** One host of a cluster as `switchyard-engine node ls` shows it (records under the hosts' leases in etcd). */
export const NodeInfoSchema = z.object({
  host: z.string(),
  address: z.string(),
  engineVersion: z.string(),
  /** `alive` while its lease is held; `unreachable` once its record is gone (kept in memory since then). */
  state: z.enum(['alive', 'unreachable']),
  /** Seconds since the host registered (its current lease). */
  leaseAgeS: z.number().optional(),
  /** Seconds the lease has left, as etcd says (absent when it could not be asked). */
  leaseTtlS: z.number().optional(),
  unreachableSince: z.string().optional(),
  self: z.boolean(),
  underlayMtu: z.number().optional(),
});
export type NodeInfo = z.infer<typeof NodeInfoSchema>;

export const NodeLsResultSchema = z.object({
  store: z.string(),
  /** `connected`, or `unreachable` with the time it was lost. */
  storeState: z.enum(['connected', 'unreachable', 'none']),
  storeUnreachableSince: z.string().optional(),
  nodes: z.array(NodeInfoSchema),
});
export type NodeLsResult = z.infer<typeof NodeLsResultSchema>;

/** Per peer host of an overlay network: what `network inspect` adds under `Peers`. */
export const OverlayPeerSchema = z.object({
  Name: z.string(),
  IP: z.string(),
  LeaseAgeS: z.number().optional(),
  Endpoints: z.number(),
  FdbExpected: z.number(),
  FdbProgrammed: z.number(),
  NeighExpected: z.number(),
  NeighProgrammed: z.number(),
  Probe: z.string().optional(),
});
export type OverlayPeer = z.infer<typeof OverlayPeerSchema>;
