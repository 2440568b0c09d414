import { chmod, mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { CancellationToken } from 'vscode-jsonrpc/node';
import {
  ResponseError,
  SocketMessageWriter,
  StreamMessageReader,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import type { EngineMethod } from '@switchyard/protocol';
import { ENGINE_METHODS, EngineErrorCode, STREAM_NOTIFICATION, engineMethods } from '@switchyard/protocol';
import { EngineError } from '../errors';
import { CommandError } from '../exec/command';
import type { CallIo, EngineContext } from '../engine-context';
import { FrameGuard, framedError } from './frame-guard';
import { handlers } from './handlers';

/** What one client may make the daemon hold (bounded work on anything that reaches the socket). */
export interface RpcLimits {
  /** Bytes of one request; a larger one closes the connection with an error saying so. */
  maxMessageBytes: number;
  /** Connections at once; one more is answered with an error and closed. */
  maxConnections: number;
  /** Stream notifications (`logs --follow`, `events`) written but not yet taken by a slow reader. */
  maxPendingNotifications: number;
}

export const RPC_LIMITS: RpcLimits = {
  maxMessageBytes: 4 * 1024 * 1024,
  maxConnections: 64,
  maxPendingNotifications: 1000,
};

/** Turns any failure into a JSON-RPC error with one clear message; details go to the log. */
function toResponseError(ctx: EngineContext, method: string, e: unknown): ResponseError<unknown> {
  if (e instanceof ResponseError) return e;
  if (e instanceof EngineError) return new ResponseError(e.code, e.message, { kind: e.kind });
  if (e instanceof CommandError) {
    ctx.log.error('kernel command failed', { method, error: e.message });
    return new ResponseError(EngineErrorCode.Kernel, e.message, { kind: 'kernel' });
  }
  ctx.log.error('internal error', { method, error: String((e as Error)?.stack ?? e) });
  return new ResponseError(
    EngineErrorCode.Internal,
    `internal error in ${method}: ${(e as Error)?.message ?? e}`,
  );
}

const METHOD_SET: ReadonlySet<string> = new Set(ENGINE_METHODS);
const isEngineMethod = (m: string): m is EngineMethod => METHOD_SET.has(m);

/** Params must be one object (by name) or absent; positional (array) and scalar params are refused. */
function paramsShapeError(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (Array.isArray(raw)) return 'params: expected an object (named parameters), got an array';
  if (typeof raw !== 'object') return `params: expected an object, got ${typeof raw}`;
  return undefined;
}

function serveConnection(ctx: EngineContext, socket: Socket, limits: RpcLimits): void {
  const guard = new FrameGuard(limits.maxMessageBytes);
  guard.on('error', (e) => {
    ctx.log.warn('rpc connection closed: request too large', { error: e.message });
    socket.end(framedError(EngineErrorCode.InvalidRequest, `${e.message}; connection closed`));
  });
  socket.pipe(guard);
  const conn = createMessageConnection(new StreamMessageReader(guard), new SocketMessageWriter(socket));
  // Stream notifications handed to the writer and not yet written out: a reader that does not keep up
  // makes them pile up here, so beyond the limit they are dropped (the handler says so, see CallIo).
  let pending = 0;
  let closed!: () => void;
  const gone = new Promise<void>((r) => (closed = r));
  conn.onClose(() => closed());
  conn.onError(([err]) => ctx.log.warn('rpc connection error', { error: String(err?.message ?? err) }));
  // One star handler, never per-method handlers: vscode-jsonrpc spreads array params into a per-method
  // handler's arguments, so `params: [{}, null]` would arrive as (params[0], null) and the "token" would be
  // null. The star handler always gets (method, params as sent, the real token).
  conn.onRequest(async (method: string, raw: unknown, token: CancellationToken) => {
    if (!isEngineMethod(method)) {
      return new ResponseError(EngineErrorCode.MethodNotFound, `unknown method ${method}`);
    }
    // Validate first: nothing changes unless the whole request is well-formed.
    const shapeError = paramsShapeError(raw);
    const parsed = shapeError ? undefined : engineMethods[method].params.safeParse(raw ?? {});
    if (!parsed?.success) {
      const msg =
        shapeError ??
        (parsed?.error.issues ?? []).map((i) => `${i.path.join('.') || 'params'}: ${i.message}`).join('; ');
      ctx.log.warn('rejected malformed request', { method, error: msg });
      return new ResponseError(EngineErrorCode.InvalidParams, `invalid params for ${method}: ${msg}`);
    }
    const stream = (parsed.data as { stream?: string }).stream;
    const io: CallIo = {
      emit: (data) => {
        if (!stream) return true;
        if (pending >= limits.maxPendingNotifications) return false;
        pending++;
        void conn
          .sendNotification(STREAM_NOTIFICATION, { stream, data })
          .catch(() => undefined)
          .finally(() => pending--);
        return true;
      },
      cancelled: Promise.race([gone, new Promise<void>((r) => token.onCancellationRequested(() => r()))]),
    };
    const started = performance.now();
    try {
      const handler = handlers[method] as (c: EngineContext, p: unknown, io: CallIo) => Promise<unknown>;
      const result = await handler(ctx, parsed.data, io);
      ctx.log.debug('rpc', { method, ms: Math.round(performance.now() - started) });
      return result;
    } catch (e) {
      return toResponseError(ctx, method, e);
    }
  });
  conn.listen();
}

/** Listens on a Unix socket that only root may open (mode 0600, set before the first client can come). */
export async function listen(ctx: EngineContext, path: string, limits = RPC_LIMITS): Promise<Server> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Only a dead daemon's socket is removed: a live one (another state dir and prefix) keeps serving.
  if (await socketAnswers(path))
    throw new Error(
      `socket ${path} is in use by a running engine; stop it first or start this one with another --socket`,
    );
  await rm(path, { force: true });
  let open = 0;
  const server = createServer((socket) => {
    if (open >= limits.maxConnections) {
      ctx.log.warn('rpc connection refused: too many connections', { limit: limits.maxConnections });
      socket.on('error', () => undefined);
      socket.end(
        framedError(
          EngineErrorCode.Unavailable,
          `the engine serves at most ${limits.maxConnections} connections at once; close some (editor windows, logs --follow) and try again`,
        ),
      );
      return;
    }
    open++;
    socket.once('close', () => open--);
    serveConnection(ctx, socket, limits);
  });
  const old = process.umask(0o177);
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(path, () => ok());
    });
  } finally {
    process.umask(old);
  }
  await chmod(path, 0o600);
  return server;
}

/** True when something accepts connections on the Unix socket `path` (false: absent or refused). */
export function socketAnswers(path: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    const done = (v: boolean) => {
      clearTimeout(t);
      s.destroy();
      resolve(v);
    };
    // A listener that never accepts is still somebody's: treat it as alive rather than delete it.
    const t = setTimeout(() => done(true), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export type { EngineMethod };
