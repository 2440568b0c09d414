import { z } from 'zod';
import { ObjectNameSchema, RefSchema } from './common';

/**
 * Services across the hosts of a cluster (issue 13): a replicated set of sandboxes with one name, found
 * through a virtual IP (`vip`) or every replica's address (`dnsrr`), and ports published through the ingress
 * routing mesh (`ingress`: every host) or on the replicas' hosts only (`host`). Docker swarm's model.
 */
export const EndpointModeSchema = z.enum(['vip', 'dnsrr']);
export type EndpointMode = z.infer<typeof EndpointModeSchema>;

export const PublishModeSchema = z.enum(['ingress', 'host']);
export type PublishMode = z.infer<typeof PublishModeSchema>;

/** One published port of a service: `published` on the hosts, `target` in each replica. */
export const ServicePortSchema = z.strictObject({
  published: z.number().int().min(1).max(65535),
  target: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  mode: PublishModeSchema.default('ingress'),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

/** `host==NAME` or `host!=NAME` (a host's `node ls` name or its advertise address). */
export const ServiceConstraintSchema = z
  .string()
  .max(200)
  .regex(/^\s*(host|node\.hostname)\s*(==|!=)\s*[^\s=!]+\s*$/, 'use host==NAME or host!=NAME');

/**
 * A replica's health check, in Docker's terms (`--health-cmd` and friends, times in ms): `cmd` runs with
 * `/bin/sh -c` inside the replica's namespace, exit 0 is healthy. A replica joins the load balancers when a
 * check first passes and leaves them after `retries` failures in a row (failures in the start period do not
 * count; checks then run every `startIntervalMs`).
 */
export const HealthcheckSchema = z.strictObject({
  cmd: z.string().min(1).max(4096),
  intervalMs: z.number().int().min(1).max(86_400_000).default(30_000),
  timeoutMs: z.number().int().min(1).max(86_400_000).default(30_000),
  retries: z.number().int().min(1).max(1000).default(3),
  startPeriodMs: z.number().int().min(0).max(86_400_000).default(0),
  startIntervalMs: z.number().int().min(1).max(86_400_000).default(5_000),
});
export type Healthcheck = z.infer<typeof HealthcheckSchema>;

export const ServiceCreateParamsSchema = z.strictObject({
  name: ObjectNameSchema,
  /** Overlay networks (names or ids), at least one; each replica joins all of them. */
  networks: z.array(RefSchema).min(1).max(16),
  replicas: z.number().int().min(0).max(1000).default(1),
  /** Published ports, already parsed (the CLI parses `[mode=ingress|host,]P:T[/tcp|udp]`). */
  ports: z.array(ServicePortSchema).max(64).default([]),
  endpointMode: EndpointModeSchema.default('vip'),
  constraints: z.array(ServiceConstraintSchema).max(16).default([]),
  /** Extra DNS names of the service on its networks (each resolves as the service name does). */
  aliases: z.array(ObjectNameSchema).max(32).default([]),
  /**
   * What each replica runs (argv, no shell), started by the engine of the replica's host inside the
   * replica's namespace and ended with it. Absent: replicas are bare sandboxes (something else runs in them).
   */
  command: z.array(z.string().max(4096)).min(1).max(256).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  healthcheck: HealthcheckSchema.optional(),
  /**
   * Docker's `--stop-grace-period`: a replica that goes (scale down, rm) leaves every load balancer first,
   * then keeps serving its established connections for at most this long before it is stopped.
   */
  stopGracePeriodMs: z.number().int().min(0).max(3_600_000).default(10_000),
});
export type ServiceCreateParams = z.infer<typeof ServiceCreateParamsSchema>;

export const ServiceRefParamsSchema = z.strictObject({ service: RefSchema });
export const ServiceScaleParamsSchema = z.strictObject({
  service: RefSchema,
  replicas: z.number().int().min(0).max(1000),
});
export const ServiceRmResultSchema = z.object({ removed: z.string() });

/** `pending` (placed, not started yet), `running`, `failed` (see `error`), `orphaned` (its host is gone). */
export const ReplicaStateSchema = z.enum(['pending', 'running', 'failed', 'orphaned']);
export type ReplicaState = z.infer<typeof ReplicaStateSchema>;

/** One replica (Docker's task): where it runs and its address on each network. */
export const ServiceReplicaSchema = z.object({
  /** `NAME.SLOT`: also the replica's sandbox name and its DNS name. */
  name: z.string(),
  slot: z.number().int(),
  /** The host's `node ls` name and its advertise address. */
  host: z.string(),
  hostAddress: z.string(),
  /** The sandbox id on that host (absent while pending). */
  sandbox: z.string().optional(),
  addresses: z.array(
    z.object({ network: z.string(), ipv4: z.string().optional(), ipv6: z.string().optional() }),
  ),
  state: ReplicaStateSchema,
  /** With a health check: `starting` (no check passed yet), `healthy` (in the load balancers), `unhealthy`. */
  health: z.enum(['starting', 'healthy', 'unhealthy']).optional(),
  error: z.string().optional(),
});
export type ServiceReplica = z.infer<typeof ServiceReplicaSchema>;

/** A service network with the service's virtual IP on it (absent in dnsrr mode). */
export const ServiceNetworkSchema = z.object({
  name: z.string(),
  id: z.string(),
  vip: z.string().optional(),
  /** True for the ingress network the routing mesh uses (added for ports published in ingress mode). */
  ingress: z.boolean().default(false),
});

export const ServiceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: z.string(),
  endpointMode: EndpointModeSchema,
  /** Desired replicas. */
  replicas: z.number().int(),
  /** Replicas running now (rows announced by their hosts). */
  running: z.number().int(),
  networks: z.array(ServiceNetworkSchema),
  ports: z.array(
    z.object({
      published: z.number().int(),
      target: z.number().int(),
      protocol: z.enum(['tcp', 'udp']),
      mode: PublishModeSchema,
    }),
  ),
  constraints: z.array(z.string()),
  aliases: z.array(z.string()),
  command: z.array(z.string()).optional(),
  labels: z.record(z.string(), z.string()),
  /** Every replica, as `service ps` lists them. */
  tasks: z.array(ServiceReplicaSchema),
});
export type ServiceInfo = z.infer<typeof ServiceInfoSchema>;

export const ServiceLsResultSchema = z.array(ServiceInfoSchema);
export const ServicePsResultSchema = z.array(ServiceReplicaSchema);
