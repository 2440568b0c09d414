import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import type { CancellationToken, MessageConnection } from 'vscode-jsonrpc/node';
import { API_VERSION, STREAM_NOTIFICATION, StreamDataSchema, engineMethods } from '@switchyard/protocol';
import type { EngineMethod, EngineParams, EngineResult, VersionResult } from '@switchyard/protocol';
import type { z } from 'zod';

/** Where the engine's daemon listens unless told otherwise. */
export const DEFAULT_ENGINE_SOCKET = '/run/switchyard/engine.sock';

/** The engine on the host speaks another API version than this client's bundled one. */
export class EngineVersionMismatch extends Error {
  constructor(
    readonly engine: VersionResult,
    readonly expected: string,
  ) {
    super(
      `the engine on this host speaks API ${engine.apiVersion} (engine ${engine.engineVersion}), this client needs ${expected}; redeploy the engine`,
    );
  }
}

/**
 * JSON-RPC to the engine over any stream (a local Unix socket or an SSH stream-local forward), for the
 * extension and the engine's own CLI alike. Params are validated before they leave and results before they are
 * used, with the schemas in protocol/; stream ids are random UUIDs; an engine of another API version is
 * refused with `EngineVersionMismatch`.
 */
export class EngineClient {
  private readonly listeners = new Map<string, (data: unknown) => void>();

  private constructor(private readonly connection: MessageConnection) {
    // A closed stream must fail the calls in flight (vscode-jsonrpc only rejects them on dispose).
    connection.onClose(() => connection.dispose());
    connection.onNotification(STREAM_NOTIFICATION, (raw: unknown) => {
      const msg = StreamDataSchema.safeParse(raw);
      if (msg.success) this.listeners.get(msg.data.stream)?.(msg.data.data);
    });
    connection.listen();
  }

  /** Opens the connection and checks the API version; a mismatch closes it and throws. */
  static async connect(stream: Duplex): Promise<{ client: EngineClient; version: VersionResult }> {
    const client = new EngineClient(
      createMessageConnection(new StreamMessageReader(stream), new StreamMessageWriter(stream)),
    );
    try {
      const version = await client.call('version', {});
      if (version.apiVersion !== API_VERSION) throw new EngineVersionMismatch(version, API_VERSION);
      return { client, version };
    } catch (err) {
      client.dispose();
      throw err;
    }
  }

  /** Connects to the engine's Unix socket on this machine (the engine's CLI, tests); the version is checked. */
  static async open(path: string): Promise<EngineClient> {
    return (await EngineClient.connect(await openEngineSocket(path))).client;
  }

  async call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    const spec = engineMethods[method];
    const checked = checkedOrThrow(spec.params, params, `${method} params`);
    try {
      // An undefined token must not be passed on: vscode-jsonrpc would send it as a second positional param.
      const raw: unknown = await (token
        ? this.connection.sendRequest(method, checked, token)
        : this.connection.sendRequest(method, checked));
      return checkedOrThrow(spec.result, raw, `${method} result from the engine`) as EngineResult<M>;
    } catch (e) {
      if (e instanceof ResponseError) throw new Error(e.message, { cause: e });
      throw e;
    }
  }

  /** Calls a streaming method (ping, logs --follow, events); `onData` gets each streamed item. */
  async stream<M extends EngineMethod>(
    method: M,
    params: Omit<EngineParams<M>, 'stream'>,
    onData: (data: unknown) => void,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    const id = randomUUID();
    this.listeners.set(id, onData);
    try {
      return await this.call(method, { ...params, stream: id } as EngineParams<M>, token);
    } finally {
      this.listeners.delete(id);
    }
  }

  onClose(listener: () => void): void {
    this.connection.onClose(listener);
  }

  dispose(): void {
    this.connection.dispose();
  }
}

/** What a caller of the engine uses: the connected client, or one that connects at its first call. */
export type EngineCalls = Pick<EngineClient, 'call' | 'stream' | 'dispose'>;

/**
 * A client that opens the engine's socket (and checks its API version) at the first call. The engine's CLI
 * uses it: a command parses and checks its arguments before anything reaches the daemon, so a usage error or
 * `--help` needs none.
 */
export class LazyEngineClient implements EngineCalls {
  private opened: Promise<EngineClient> | undefined;
  private client: EngineClient | undefined;

  constructor(private readonly path: string) {}

  private open(): Promise<EngineClient> {
    this.opened ??= EngineClient.open(this.path).then((c) => (this.client = c));
    return this.opened;
  }

  async call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    return (await this.open()).call(method, params, token);
  }

  async stream<M extends EngineMethod>(
    method: M,
    params: Omit<EngineParams<M>, 'stream'>,
    onData: (data: unknown) => void,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    return (await this.open()).stream(method, params, onData, token);
  }

  dispose(): void {
    this.client?.dispose();
  }
}

/** A value against its schema; a mismatch is one line naming what was checked and the first bad field. */
function checkedOrThrow(schema: z.ZodType, value: unknown, what: string): unknown {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`invalid ${what}: ${issue?.path.join('.') || '(top)'} ${issue?.message ?? ''}`.trim());
}

/** Connects to the engine's Unix socket on this machine; a refusal says whether the daemon runs. */
export function openEngineSocket(path: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot connect to the engine at ${path}: ${e.code ?? e.message}; is \`switchyard-engine daemon\` running?`,
        ),
      ),
    );
    socket.once('connect', () => resolve(socket));
  });
}
