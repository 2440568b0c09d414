import { z } from 'zod';
import { RefSchema, StreamTokenSchema } from './common';

/** Where a probe runs: one of our sandboxes, a Docker container (entered through its pid), or a raw pid. */
export const DiagFromSchema = z.union([
  z.strictObject({ sandbox: RefSchema }),
  z.strictObject({ container: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/) }),
  z.strictObject({ pid: z.number().int().min(1) }),
]);
export type DiagFrom = z.infer<typeof DiagFromSchema>;

// The first character is never '-', so a host can never be taken for an option of ping or tcpdump.
export const DiagHostSchema = z
  .string()
  .regex(/^[a-zA-Z0-9:][a-zA-Z0-9:._-]{0,252}$/, 'a host name or IP address');

export const PingParamsSchema = z.strictObject({
  from: DiagFromSchema,
  host: DiagHostSchema,
  count: z.number().int().min(1).max(1000).default(3),
  intervalMs: z.number().int().min(200).max(60_000).default(1000),
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  stream: StreamTokenSchema.optional(),
});
export const PingReplySchema = z.object({
  seq: z.number(),
  from: z.string(),
  ttl: z.number(),
  ms: z.number(),
});
export const PingSummarySchema = z.object({
  transmitted: z.number(),
  received: z.number(),
  lossPercent: z.number(),
  rttMinMs: z.number().optional(),
  rttAvgMs: z.number().optional(),
  rttMaxMs: z.number().optional(),
  replies: z.array(PingReplySchema),
  output: z.string(),
});
export type PingSummary = z.infer<typeof PingSummarySchema>;

export const DnsParamsSchema = z.strictObject({
  from: DiagFromSchema,
  name: z.string().min(1).max(253),
  type: z.enum(['A', 'AAAA', 'PTR', 'SRV', 'MX', 'TXT', 'CNAME', 'NS', 'ANY']).default('A'),
  timeoutMs: z.number().int().min(100).max(30_000).default(5000),
});
export const DnsResultSchema = z.object({
  server: z.string(),
  status: z.string(),
  answers: z.array(z.object({ name: z.string(), type: z.string(), ttl: z.number(), data: z.string() })),
  ms: z.number(),
});

export const TcpParamsSchema = z.strictObject({
  from: DiagFromSchema,
  host: DiagHostSchema,
  port: z.number().int().min(1).max(65535),
  timeoutMs: z.number().int().min(50).max(60_000).default(3000),
});
export const TcpResultSchema = z.object({
  connected: z.boolean(),
  ms: z.number(),
  error: z.string().optional(),
  localAddress: z.string().optional(),
});
export type TcpResult = z.infer<typeof TcpResultSchema>;

export const CaptureParamsSchema = z.strictObject({
  from: DiagFromSchema,
  iface: z
    .string()
    .regex(/^[a-zA-Z0-9@._-]{1,15}$/)
    .default('any'),
  maxPackets: z.number().int().min(1).max(1_000_000).default(100),
  maxSeconds: z.number().int().min(1).max(3600).default(10),
  /** tcpdump filter words, passed as separate arguments (never through a shell). */
  filter: z
    .array(z.string().max(100).regex(/^[^-]/, 'filter words cannot start with "-"'))
    .max(64)
    .default([]),
  /** Return the pcap's bytes in the result (base64) when it is at most this many bytes. */
  inlineMaxBytes: z.number().int().min(0).max(16_000_000).default(0),
  stream: StreamTokenSchema.optional(),
});
export const CaptureResultSchema = z.object({
  file: z.string(),
  bytes: z.number(),
  packets: z.number(),
  base64: z.string().optional(),
});
