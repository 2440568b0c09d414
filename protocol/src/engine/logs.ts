import { z } from 'zod';
import { StreamTokenSchema } from './common';
import { KernelInfoSchema } from './kernel';

export const LogLevelSchema = z.enum(['debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** One structured log line, as written to the log file and streamed by `logs`. */
export const LogLineSchema = z
  .object({
    time: z.string(),
    level: LogLevelSchema,
    msg: z.string(),
    network: z.string().optional(),
    sandbox: z.string().optional(),
  })
  .catchall(z.unknown());
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogsParamsSchema = z.strictObject({
  follow: z.boolean().default(false),
  level: LogLevelSchema.default('debug'),
  network: z.string().optional(),
  tail: z.number().int().min(0).max(100_000).default(200),
  stream: StreamTokenSchema.optional(),
});
export const LogsResultSchema = z.object({ lines: z.array(LogLineSchema) });

export const EventSchema = z.object({
  time: z.string(),
  type: z.enum(['network', 'endpoint', 'sandbox', 'service']),
  action: z.enum(['create', 'remove', 'connect', 'disconnect', 'restore', 'update']),
  id: z.string(),
  name: z.string(),
  network: z.string().optional(),
  sandbox: z.string().optional(),
});
export type EngineEvent = z.infer<typeof EventSchema>;
export const EventsParamsSchema = z.strictObject({ stream: StreamTokenSchema });
export const EventsResultSchema = z.object({ delivered: z.number() });

export const VersionResultSchema = z.object({
  apiVersion: z.string(),
  engineVersion: z.string(),
  node: z.string(),
  prefix: z.string(),
  pid: z.number(),
  /** What this host's kernel offers the drivers (probed at daemon start); absent from older engines. */
  kernel: KernelInfoSchema.optional(),
});
export type VersionResult = z.infer<typeof VersionResultSchema>;
