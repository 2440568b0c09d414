import * as http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * An HTTP agent whose connections come from `open()`: a Unix socket locally, an SSH stream-local forward
 * remotely. Node's agent accepts a connection handed over later through the callback, which is what an SSH
 * channel needs.
 */
export class StreamAgent extends http.Agent {
  constructor(private readonly open: () => Promise<Duplex>) {
    super({ keepAlive: false });
  }

  override createConnection(...args: unknown[]): undefined {
    const callback = args[1] as ((err: Error | null, stream?: Duplex) => void) | undefined;
    this.open().then(
      (stream) => callback?.(null, stream),
      (err: unknown) => callback?.(err instanceof Error ? err : new Error(String(err))),
    );
    return undefined;
  }
}
