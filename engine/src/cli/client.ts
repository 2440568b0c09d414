import { connect } from 'node:net';
import {
  ResponseError,
  SocketMessageReader,
  SocketMessageWriter,
  createMessageConnection,
} from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { EngineMethod, EngineParams, EngineResult } from '@switchyard/protocol';
import { API_VERSION, STREAM_NOTIFICATION, StreamDataSchema, engineMethods } from '@switchyard/protocol';

export const DEFAULT_SOCKET = '/run/switchyard/engine.sock';

/**
 * A typed JSON-RPC client of the engine; results are checked against the protocol schemas too. The CLI makes
 * it with `lazy`: the socket is opened (and the API version checked) at the first call, so a command has
 * parsed and checked its arguments before anything reaches the daemon, and a usage error needs none.
 */
export class EngineClient {
  private readonly streams = new Map<string, (data: unknown) => void>();
  private conn: Promise<MessageConnection> | undefined;
  private opened: MessageConnection | undefined;

  private constructor(
    private readonly path: string,
    private readonly checkVersionFirst: boolean,
  ) {}

  /** Connected now (tests, the overlay lab): a daemon that is not there fails here. */
  static async open(path: string): Promise<EngineClient> {
    const c = new EngineClient(path, false);
    await c.connection();
    return c;
  }

  /** Connected at the first call, which first checks the engine's API version. */
  static lazy(path: string): EngineClient {
    return new EngineClient(path, true);
  }

  private connection(): Promise<MessageConnection> {
    this.conn ??= connectTo(this.path).then(async (conn) => {
      this.opened = conn;
      // A closed socket must fail the calls in flight (vscode-jsonrpc only rejects them on dispose).
      conn.onClose(() => conn.dispose());
      conn.onNotification(STREAM_NOTIFICATION, (raw: unknown) => {
        const n = StreamDataSchema.safeParse(raw);
        if (n.success) this.streams.get(n.data.stream)?.(n.data.data);
      });
      if (this.checkVersionFirst) await checkApiVersion(conn);
      return conn;
    });
    return this.conn;
  }

  async call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    onData?: (d: unknown) => void,
  ): Promise<EngineResult<M>> {
    const stream = onData ? `s${Math.random().toString(36).slice(2)}` : undefined;
    if (stream && onData) this.streams.set(stream, onData);
    try {
      const conn = await this.connection();
      const raw: unknown = await conn.sendRequest(
        method,
        stream ? { ...(params as object), stream } : params,
      );
      const parsed = engineMethods[method].result.safeParse(raw);
      if (!parsed.success)
        throw new Error(`engine sent an unexpected ${method} result: ${parsed.error.message}`);
      return parsed.data as EngineResult<M>;
    } catch (e) {
      if (e instanceof ResponseError) throw new Error(e.message, { cause: e });
      throw e;
    } finally {
      if (stream) this.streams.delete(stream);
    }
  }

  /** Refuses an engine of another API version (the client offers to redeploy on this). */
  async checkVersion(): Promise<void> {
    await checkApiVersion(await this.connection());
  }

  close(): void {
    this.opened?.dispose();
  }
}

function connectTo(path: string): Promise<MessageConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot connect to the engine at ${path}: ${e.code ?? e.message}; is \`switchyard-engine daemon\` running?`,
        ),
      ),
    );
    socket.once('connect', () => {
      const conn = createMessageConnection(new SocketMessageReader(socket), new SocketMessageWriter(socket));
      conn.listen();
      resolve(conn);
    });
  });
}

async function checkApiVersion(conn: MessageConnection): Promise<void> {
  const v = engineMethods.version.result.parse(await conn.sendRequest('version', {}));
  if (v.apiVersion !== API_VERSION)
    throw new Error(
      `engine API version ${v.apiVersion} does not match this client's ${API_VERSION}; redeploy the engine`,
    );
}
