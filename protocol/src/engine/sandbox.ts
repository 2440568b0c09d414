import { z } from 'zod';
import { ObjectNameSchema, RefSchema } from './common';

/** `[IP:][HOSTPORT[-END]:]PORT[-END][/tcp|udp|sctp]`; parsed and checked by the engine. */
export const PublishSpecSchema = z.string().min(1).max(100);

export const EndpointInfoSchema = z.object({
  id: z.string(),
  network: z.string(),
  networkId: z.string(),
  ifname: z.string(),
  mac: z.string(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  gateway: z.string().optional(),
  aliases: z.array(z.string()),
});
export type EndpointInfo = z.infer<typeof EndpointInfoSchema>;

export const PortMappingSchema = z.object({
  hostIp: z.string(),
  hostPort: z.number().int().min(1).max(65535),
  containerPort: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp', 'sctp']),
});
export type PortMapping = z.infer<typeof PortMappingSchema>;

export const SandboxInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  hostname: z.string(),
  /** bridge-attached (own netns), host, none, or container:<id> (shares that sandbox's netns). */
  mode: z.string(),
  netns: z.string(),
  created: z.string(),
  endpoints: z.array(EndpointInfoSchema),
  ports: z.array(PortMappingSchema),
  /** Why the engine could not repair this sandbox at its start (absent when it is whole); `rm` still works. */
  broken: z.string().optional(),
});
export type SandboxInfo = z.infer<typeof SandboxInfoSchema>;

export const SandboxCreateParamsSchema = z.strictObject({
  name: ObjectNameSchema,
  hostname: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9.-]{0,62}$/)
    .optional(),
  /** Network names; `host`, `none` or `container:<sandbox>` alone select those modes. Empty = `bridge`. */
  networks: z.array(z.string().min(1).max(80)).max(16).default([]),
  publish: z.array(PublishSpecSchema).max(64).default([]),
  aliases: z.array(ObjectNameSchema).max(32).default([]),
  /** Static addresses on the first network, as `network connect --ip/--ip6`. */
  ip: z.string().optional(),
  ip6: z.string().optional(),
});
export type SandboxCreateParams = z.infer<typeof SandboxCreateParamsSchema>;

export const SandboxRefParamsSchema = z.strictObject({ sandbox: RefSchema });
export const SandboxRmParamsSchema = z.strictObject({ sandbox: RefSchema, force: z.boolean().default(true) });
export const SandboxLsResultSchema = z.array(SandboxInfoSchema);
export const SandboxRmResultSchema = z.object({ removed: z.string() });

export const SandboxExecParamsSchema = z.strictObject({
  sandbox: RefSchema,
  argv: z.array(z.string()).min(1).max(256),
  timeoutMs: z.number().int().min(1).max(3_600_000).default(60_000),
  stdin: z.string().max(1_000_000).optional(),
});
export const ExecResultSchema = z.object({
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
});
export type ExecResult = z.infer<typeof ExecResultSchema>;
