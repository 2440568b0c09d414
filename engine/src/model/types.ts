import { z } from 'zod';
import { PortMappingSchema } from '@switchyard/protocol';

/** The engine's state as written to disk; zod-checked on load because the file is a trust boundary. */
export const SubnetRecordSchema = z.object({
  subnet: z.string(),
  gateway: z.string().optional(),
  ipRange: z.string().optional(),
  auxAddresses: z.record(z.string(), z.string()).default({}),
  /** Assigned by the engine (not asked for): released with the network and picked again on re-create. */
  auto: z.boolean().default(false),
});
export type SubnetRecord = z.infer<typeof SubnetRecordSchema>;

export const NetworkRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.string(),
  scope: z.enum(['local', 'global']),
  created: z.string(),
  internal: z.boolean(),
  attachable: z.boolean(),
  enableIPv6: z.boolean(),
  /** The default `bridge` network and the `host`/`none` networks: cannot be removed, no name resolution. */
  predefined: z.boolean().default(false),
  dns: z.boolean(),
  icc: z.boolean(),
  masquerade: z.boolean(),
  mtu: z.number().int(),
  subnets: z.array(SubnetRecordSchema),
  options: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
  /** Kernel device of the network (bridge name) if the driver has one. */
  device: z.string().optional(),
  /**
   * Links in the engine's namespace the driver made for this network besides its endpoints, removed with it
   * and re-made by reconcile (macvlan/ipvlan: the host shim, a dummy parent, a VLAN sub-interface).
   */
  createdLinks: z.array(z.string()).default([]),
});
export type NetworkRecord = z.infer<typeof NetworkRecordSchema>;

export const EndpointRecordSchema = z.object({
  id: z.string(),
  networkId: z.string(),
  sandboxId: z.string(),
  ifname: z.string(),
  /** The host end of the endpoint's veth (bridge); drivers without one (macvlan, ipvlan) never create it. */
  hostIfname: z.string(),
  mac: z.string(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  /** Whether the address was asked for (`--ip`), so it is never handed out dynamically. */
  staticIp: z.boolean().default(false),
  aliases: z.array(z.string()),
  created: z.string(),
});
export type EndpointRecord = z.infer<typeof EndpointRecordSchema>;

/** What a sandbox (and its endpoint rows in the cluster store) says about the service it belongs to. */
export const ServiceTagSchema = z.object({
  id: z.string(),
  name: z.string(),
  slot: z.number().int(),
  /** `replica`: one of the service's tasks; `ingress`: this host's entry into the routing mesh. */
  role: z.enum(['replica', 'ingress']),
  /** A replica of a service with a health check: only `healthy` ones are load-balancer backends. */
  health: z.enum(['starting', 'healthy', 'unhealthy']).optional(),
});
export type ServiceTag = z.infer<typeof ServiceTagSchema>;

export const SandboxRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostname: z.string(),
  /** 'bridge' (own netns), 'host', 'none', or 'container' (shares `shareWith`'s netns). */
  mode: z.enum(['netns', 'host', 'none', 'container']),
  shareWith: z.string().optional(),
  netns: z.string(),
  created: z.string(),
  aliases: z.array(z.string()),
  ports: z.array(PortMappingSchema),
  /** 'creating' until every join is done: a sandbox still 'creating' after a crash is rolled back. */
  status: z.enum(['creating', 'ready']).default('ready'),
  /** Set on the sandboxes the services agent makes (services/agent.ts); users' sandboxes have none. */
  service: ServiceTagSchema.optional(),
});
export type SandboxRecord = z.infer<typeof SandboxRecordSchema>;

export const StateSchema = z.object({
  version: z.literal(1),
  networks: z.array(NetworkRecordSchema),
  endpoints: z.array(EndpointRecordSchema),
  sandboxes: z.array(SandboxRecordSchema),
  /** Host sysctls the engine changed (path under /proc/sys → value before): put back when unneeded. */
  hostSysctls: z.record(z.string(), z.string()).default({}),
});
export type State = z.infer<typeof StateSchema>;

export const emptyState = (): State => ({
  version: 1,
  networks: [],
  endpoints: [],
  sandboxes: [],
  hostSysctls: {},
});
