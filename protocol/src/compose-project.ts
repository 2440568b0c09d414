import { z } from 'zod';
import { PublishModeSchema } from './engine/service';

/**
 * The networking part of a compose project as the language server loaded it (override files, include,
 * `extends`, `.env` and interpolation, profiles, Compose's project name), for the extension's code lens, dry
 * run and "create these networks": one compose reader, so they agree with the diagnostics beside them.
 * Custom LSP request, client -> server.
 */
export const ComposeProjectRequest = 'switchyard/composeProject';

export const ComposeProjectParamsSchema = z.object({
  /** A compose file of the project (the one in the editor). */
  uri: z.string().max(8192),
});
export type ComposeProjectParams = z.infer<typeof ComposeProjectParamsSchema>;

export const ComposeIpamConfigSchema = z.object({
  subnet: z.string().optional(),
  gateway: z.string().optional(),
  ipRange: z.string().optional(),
  auxAddresses: z.record(z.string(), z.string()),
});
export type ComposeIpamConfig = z.infer<typeof ComposeIpamConfigSchema>;

export const ComposeNetworkSchema = z.object({
  /** The key under `networks:`. */
  key: z.string(),
  /** The name Docker gives it: `name:`, else `<project>_<key>` (external: `name:` or the key). */
  name: z.string(),
  driver: z.string(),
  external: z.boolean(),
  internal: z.boolean(),
  enableIpv6: z.boolean().optional(),
  ipam: z.array(ComposeIpamConfigSchema),
  driverOpts: z.record(z.string(), z.string()),
  labels: z.record(z.string(), z.string()),
});
export type ComposeNetwork = z.infer<typeof ComposeNetworkSchema>;

export const ServiceAttachmentSchema = z.object({
  key: z.string(),
  aliases: z.array(z.string()),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
});
export type ServiceAttachment = z.infer<typeof ServiceAttachmentSchema>;

export const ComposePortSchema = z.object({
  /** The engine's `[IP:][HOST:]CONTAINER[/proto]` spec. */
  spec: z.string(),
  /** `ports[].mode` as swarm takes it (the short syntax, and any unknown value, are `ingress`). */
  mode: PublishModeSchema,
});
export type ComposePort = z.infer<typeof ComposePortSchema>;

export const ComposeServiceSchema = z.object({
  name: z.string(),
  /** `host`, `none`, `service:x`, `container:x`, or absent for ordinary networking. */
  networkMode: z.string().optional(),
  networks: z.array(ServiceAttachmentSchema),
  ports: z.array(ComposePortSchema),
  /** `scale`, else `deploy.replicas`, else 1 (compose-go GetScale); 1 for `deploy.mode: global` (one host). */
  replicas: z.number().int().min(0),
  /** `deploy.endpoint_mode` as written (swarm reads it; absent when not written). */
  endpointMode: z.string().optional(),
});
export type ComposeService = z.infer<typeof ComposeServiceSchema>;

const PositionSchema = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });

export const ComposeProjectModelSchema = z.object({
  /** Compose's project name: `name:`, else the folder's name, normalised; `default` when nothing is left. */
  name: z.string(),
  /** The project's files (`-f` files, then those pulled in by include and extends). */
  files: z.array(z.string()),
  /** Declared networks, plus the implicit `default` when an enabled service uses it. */
  networks: z.array(ComposeNetworkSchema),
  /** The enabled services. */
  services: z.array(ComposeServiceSchema),
  /** Where the top-level `networks:` / `services:` keys are written in the file asked about (for the lens). */
  networksKey: PositionSchema.optional(),
  servicesKey: PositionSchema.optional(),
});
export type ComposeProjectModel = z.infer<typeof ComposeProjectModelSchema>;

/** The answer: the model, or null when the file is not a compose file the server reads. */
export const ComposeProjectResultSchema = ComposeProjectModelSchema.nullable();
