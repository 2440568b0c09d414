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
  private readonly closeListeners: (() => void)[] = [];
  /** The connection, once open and its API version checked. */
  private connection: Promise<MessageConnection> | undefined;
  private opened: MessageConnection | undefined;

  private constructor(private readonly openStream: () => Promise<Duplex>) {}

  /** Opens the connection and checks the API version; a mismatch closes it and throws. */
  static async connect(stream: Duplex): Promise<{ client: EngineClient; version: VersionResult }> {
    const client = new EngineClient(async () => stream);
    let version: VersionResult | undefined;
    await client.ready((v) => (version = v));
    return { client, version: version as VersionResult };
  }

  /** Connects to the engine's Unix socket on this machine now (tests); the version is checked. */
  static async open(path: string): Promise<EngineClient> {
    const client = EngineClient.lazy(path);
    await client.ready();
    return client;
  }

  /**
   * Connects to the engine's Unix socket at the first call, which first checks the API version: a CLI command
   * parses and checks its arguments before anything reaches the daemon, and a usage error needs none.
   */
  static lazy(path: string): EngineClient {
    return new EngineClient(() => openEngineSocket(path));
  }

  /** The open connection; the first use opens it and refuses an engine of another API version. */
  private ready(onVersion?: (v: VersionResult) => void): Promise<MessageConnection> {
    this.connection ??= this.openStream().then(async (stream) => {
      const conn = createMessageConnection(new StreamMessageReader(stream), new StreamMessageWriter(stream));
      this.opened = conn;
      // A closed stream must fail the calls in flight (vscode-jsonrpc only rejects them on dispose).
      conn.onClose(() => conn.dispose());
      for (const l of this.closeListeners) conn.onClose(l);
      conn.onNotification(STREAM_NOTIFICATION, (raw: unknown) => {
        const msg = StreamDataSchema.safeParse(raw);
        if (msg.success) this.listeners.get(msg.data.stream)?.(msg.data.data);
      });
      conn.listen();
      try {
        const version = await this.request(conn, 'version', {});
        if (version.apiVersion !== API_VERSION) throw new EngineVersionMismatch(version, API_VERSION);
        onVersion?.(version);
        return conn;
      } catch (err) {
        conn.dispose();
        throw err;
      }
    });
    return this.connection;
  }

  async call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    // Arguments are checked before the connection is opened: bad params never reach (or wake) the daemon.
    const checked = checkedOrThrow(engineMethods[method].params, params, `${method} params`);
    return this.request(await this.ready(), method, checked, token);
  }

  /** Sends checked params; the result is checked against the method's schema. */
  private async request<M extends EngineMethod>(
    conn: MessageConnection,
    method: M,
    checked: unknown,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    const spec = engineMethods[method];
    try {
      // An undefined token must not be passed on: vscode-jsonrpc would send it as a second positional param.
      const raw: unknown = await (token
        ? conn.sendRequest(method, checked, token)
        : conn.sendRequest(method, checked));
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
    this.closeListeners.push(listener);
    this.opened?.onClose(listener);
  }

  dispose(): void {
    this.opened?.dispose();
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
