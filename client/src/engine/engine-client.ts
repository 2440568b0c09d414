import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { CancellationToken, MessageConnection } from 'vscode-jsonrpc/node';
import { API_VERSION, STREAM_NOTIFICATION, StreamDataSchema, engineMethods } from '@switchyard/protocol';
import type { EngineMethod, EngineParams, EngineResult, VersionResult } from '@switchyard/protocol';

/** The engine on the host speaks another API version than this extension's bundled one. */
export class EngineVersionMismatch extends Error {
  constructor(
    readonly engine: VersionResult,
    readonly expected: string,
  ) {
    super(
      `the engine on this host speaks API ${engine.apiVersion} (engine ${engine.engineVersion}), this extension needs ${expected}; redeploy the engine`,
    );
  }
}

/**
 * JSON-RPC to the engine over any stream (a local Unix socket or an SSH stream-local forward). Params are
 * validated before they leave and results before they are used, with the schemas in protocol/.
 */
export class EngineClient {
  private readonly listeners = new Map<string, (data: unknown) => void>();

  private constructor(private readonly connection: MessageConnection) {
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
    const version = await client.call('version', {});
    if (version.apiVersion !== API_VERSION) {
      client.dispose();
      throw new EngineVersionMismatch(version, API_VERSION);
    }
    return { client, version };
  }

  async call<M extends EngineMethod>(
    method: M,
    params: EngineParams<M>,
    token?: CancellationToken,
  ): Promise<EngineResult<M>> {
    const spec = engineMethods[method];
    const checked = spec.params.parse(params);
    // An undefined token must not be passed on: vscode-jsonrpc would send it as a second positional param.
    const raw: unknown = await (token
      ? this.connection.sendRequest(method, checked, token)
      : this.connection.sendRequest(method, checked));
    return spec.result.parse(raw) as EngineResult<M>;
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
