import { z } from 'zod';
import { DiagFromSchema, DiagHostSchema } from './diag';

// `service.probe` (issue 13, "Probe this service"): N short TCP requests from inside a sandbox (or any
// target the diag probes take) to a service's virtual IP or a published port, each answer read back so the
// client can tell which replica gave it. Its own file: branch svc owns service.ts.

export const ServiceProbeParamsSchema = z.strictObject({
  from: DiagFromSchema,
  host: DiagHostSchema,
  port: z.number().int().min(1).max(65535),
  /** How many requests, one after another, each on a new connection (a new flow for the balancer). */
  count: z.number().int().min(1).max(1000).default(30),
  /** Per request: connect, send, read until the peer closes, `maxBytes` or this. */
  timeoutMs: z.number().int().min(50).max(10_000).default(2000),
  /** Written after connecting (for example `GET / HTTP/1.0\r\n\r\n`); absent: only read what the peer says. */
  payload: z
    .string()
    .max(4096)
    .regex(/^[^\0]*$/, 'a payload cannot hold NUL bytes')
    .optional(),
  /** The answer kept per request (the rest is not read). */
  maxBytes: z.number().int().min(1).max(4096).default(512),
});
export type ServiceProbeParams = z.infer<typeof ServiceProbeParamsSchema>;

export const ProbeAnswerSchema = z.object({
  /** Connected (and, when a payload was sent, it was written). */
  ok: z.boolean(),
  ms: z.number(),
  /** What the peer sent back, up to `maxBytes`, as UTF-8 text. */
  reply: z.string().optional(),
  /** Why it failed: `ECONNREFUSED`, `timeout after 2000 ms`, … */
  error: z.string().optional(),
});
export type ProbeAnswer = z.infer<typeof ProbeAnswerSchema>;

export const ServiceProbeResultSchema = z.object({
  target: z.string(),
  answers: z.array(ProbeAnswerSchema),
  /** Why fewer than `count` requests were sent (the run's time budget, a cancellation). */
  stopped: z.string().optional(),
});
export type ServiceProbeResult = z.infer<typeof ServiceProbeResultSchema>;
