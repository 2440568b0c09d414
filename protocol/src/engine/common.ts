import { z } from 'zod';

/** Bumped on any incompatible change of a method, its params or its result; the client refuses a mismatch. */
export const API_VERSION = '1.0';

/** Object names as the issue fixes them (Docker's own rule, capped at 64 characters). */
export const ObjectNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'names are [a-zA-Z0-9][a-zA-Z0-9_.-]*, 1 to 64 characters');

/** A reference to a network or sandbox: its name, full id or an unambiguous id prefix. */
export const RefSchema = z.string().min(1).max(64);

/** IPv4 or IPv6 literal; the engine checks the details with core/ and answers with Docker's texts. */
export const IpSchema = z.string().min(2).max(45);
export const CidrSchema = z.string().min(4).max(49);

/** JSON-RPC error codes of the engine (the -32000..-32099 range is the server's own). */
export const EngineErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  NotFound: -32001,
  Conflict: -32002,
  InUse: -32003,
  Forbidden: -32004,
  Kernel: -32010,
  Unavailable: -32011,
  Cancelled: -32800,
} as const;
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

/** `data` of an engine error: what failed, for logs and for the client's detail view. */
export const EngineErrorDataSchema = z.object({
  kind: z.string(),
  detail: z.string().optional(),
});
export type EngineErrorData = z.infer<typeof EngineErrorDataSchema>;

/** Long-running methods take a stream token; the engine sends `stream.data` notifications carrying it. */
export const StreamTokenSchema = z.string().min(1).max(100);
export const StreamDataSchema = z.object({ stream: StreamTokenSchema, data: z.unknown() });
export type StreamData = z.infer<typeof StreamDataSchema>;
export const STREAM_NOTIFICATION = 'stream.data';
