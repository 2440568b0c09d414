// One query over TCP (RFC 7766 framing: a 2-byte length before each message), used to forward queries
// that came to us over TCP and by the `dns` troubleshooting command after a truncated UDP answer.
import { connect } from 'node:net';

/** Sends `query`, resolves with the first complete response, or null on error, close or timeout. */
export function tcpExchange(
  address: string,
  port: number,
  query: Buffer,
  timeoutMs: number,
): Promise<Buffer | null> {
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let settled = false;
    const sock = connect({ host: address, port });
    const finish = (result: Buffer | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    sock.on('connect', () => {
      const framed = Buffer.allocUnsafe(query.length + 2);
      framed.writeUInt16BE(query.length, 0);
      query.copy(framed, 2);
      sock.write(framed);
    });
    sock.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const len = received.readUInt16BE(0);
      if (received.length >= len + 2) finish(Buffer.from(received.subarray(2, len + 2)));
    });
    sock.on('error', () => finish(null));
    sock.on('close', () => finish(null));
  });
}
