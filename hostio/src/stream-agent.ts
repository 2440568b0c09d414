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
      (stream) => callback?.(null, withIdleTimeout(stream)),
      (err: unknown) => callback?.(err instanceof Error ? err : new Error(String(err))),
    );
    return undefined;
  }
}

/**
 * An SSH channel has no `setTimeout`, which Node's HTTP client calls when a request has a timeout (dockerode's
 * `timeout`). This one behaves as a socket's: 'timeout' after that long without data either way; 0 turns it off.
 */
function withIdleTimeout(stream: Duplex): Duplex {
  const s = stream as Duplex & { setTimeout?: (ms: number, cb?: () => void) => Duplex };
  if (typeof s.setTimeout === 'function') return stream;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleMs = 0;
  const arm = () => {
    clearTimeout(timer);
    timer = idleMs > 0 ? setTimeout(() => stream.emit('timeout'), idleMs) : undefined;
    timer?.unref();
  };
  stream.on('data', arm);
  stream.on('close', () => clearTimeout(timer));
  const write = stream.write.bind(stream) as (...a: unknown[]) => boolean;
  stream.write = ((...a: unknown[]) => (arm(), write(...a))) as Duplex['write'];
  s.setTimeout = (ms: number, cb?: () => void) => {
    idleMs = ms;
    if (cb) stream.once('timeout', cb);
    arm();
    return stream;
  };
  return stream;
}
