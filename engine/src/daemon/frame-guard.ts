import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/** Thrown (as the stream's error) when a peer announces or sends more than the limit allows. */
export class FrameTooLargeError extends Error {}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;

/**
 * Sits between the socket and the JSON-RPC reader and passes frames through unchanged, but reads each
 * frame's `Content-Length` first: a message announced (or a header block grown) past the limit is an error
 * before its body is buffered, so one client cannot make the daemon hold gigabytes.
 */
export class FrameGuard extends Transform {
  private header = Buffer.alloc(0);
  /** Body bytes still to pass through for the current frame; -1 while reading a header. */
  private bodyLeft = -1;

  constructor(private readonly maxMessageBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let rest = chunk;
    while (rest.length > 0) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, rest.length);
        this.push(rest.subarray(0, n));
        this.bodyLeft -= n;
        rest = rest.subarray(n);
        if (this.bodyLeft === 0) this.bodyLeft = -1;
        continue;
      }
      this.header = Buffer.concat([this.header, rest]);
      const end = this.header.indexOf(HEADER_END);
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES)
          return done(new FrameTooLargeError(`a message header is over ${MAX_HEADER_BYTES} bytes`));
        break; // the rest is in the header buffer: wait for more
      }
      const text = this.header.subarray(0, end).toString('latin1');
      const length = Number(/^content-length:\s*(\d+)\s*$/im.exec(text)?.[1] ?? NaN);
      if (Number.isFinite(length) && length > this.maxMessageBytes)
        return done(
          new FrameTooLargeError(
            `a message of ${length} bytes is over the engine's limit of ${this.maxMessageBytes} bytes`,
          ),
        );
      this.push(this.header.subarray(0, end + HEADER_END.length));
      rest = this.header.subarray(end + HEADER_END.length);
      this.header = Buffer.alloc(0);
      // Without a usable length the reader reports the error itself; pass the rest on as it comes.
      this.bodyLeft = Number.isFinite(length) ? length : Infinity;
      if (this.bodyLeft === 0) this.bodyLeft = -1;
    }
    done();
  }
}

/** One JSON-RPC error response (id null: the request could not be read), framed, for a refused peer. */
export function framedError(code: number, message: string): string {
  const body = JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
