// The TCP side of one listener (RFC 7766 framing). Each connection is independent: a slow or silent
// client only ever holds its own socket. A connection is closed when it is idle for `tcpIdleMs`, when a
// started message is not complete within `tcpIdleMs` (a trickle of bytes does not keep it alive), when it
// sends a length too short for a header, or when it does not read its answers. Past `maxTcpConnections`
// the oldest connection makes room for the new one (CVE-2024-8418 and CVE-2026-35406 in aardvark-dns).
import { createServer, type Server, type Socket } from 'node:net';
import { unmapIPv4 } from './addr';
import { PENDING, type QueryHandler } from './handler';
import type { DnsLimits, DnsLogger, ListenAddress } from './options';
import type { DnsStats } from './stats';

const MAX_UNREAD_REPLIES = 1 << 20;

export interface TcpListener {
  server: Server;
  close(): Promise<void>;
}

export function listenTcp(
  at: ListenAddress,
  handler: QueryHandler,
  limits: DnsLimits,
  stats: DnsStats,
  log: DnsLogger,
): Promise<TcpListener> {
  const server = createServer({ allowHalfOpen: true, noDelay: true });
  const listener = serveTcp(server, handler, limits, stats, log);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: at.address, port: at.port, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', (err) =>
        log.warn('dns tcp listener error', { address: at.address, error: err.message }),
      );
      resolve(listener);
    });
  });
}

/**
 * Serves connections of a listening server (ours, or one handed over from inside a sandbox's namespace;
 * `client` as in `adoptUdp`).
 */
export function serveTcp(
  server: Server,
  handler: QueryHandler,
  limits: DnsLimits,
  stats: DnsStats,
  log: DnsLogger,
  client?: string,
): TcpListener {
  const open = new Set<Socket>(); // insertion order = age, for eviction
  // Pipelined answers still go out after the client half-closes (a handed-over server has the default off).
  (server as Server & { allowHalfOpen: boolean }).allowHalfOpen = true;
  server.on('connection', (sock: Socket) => {
    // A handed-over server's connections are not set up by createServer's options.
    sock.setNoDelay(true);
    if (open.size >= limits.maxTcpConnections) {
      const oldest = open.values().next().value;
      if (oldest !== undefined) {
        stats.tcpEvicted++;
        oldest.destroy();
        open.delete(oldest);
      }
    }
    open.add(sock);
    stats.tcpConnections++;
    serveConnection(sock, handler, limits, stats, log, () => open.delete(sock), client);
  });
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      open.forEach((s) => s.destroy()); // close() alone would wait for every client to hang up
    });
  return { server, close };
}

function serveConnection(
  sock: Socket,
  handler: QueryHandler,
  limits: DnsLimits,
  stats: DnsStats,
  log: DnsLogger,
  onGone: () => void,
  fixedClient?: string,
): void {
  const client = fixedClient ?? unmapIPv4(sock.remoteAddress ?? '');
  let buffered: Buffer = Buffer.alloc(0);
  let inFlight = 0;
  let ended = false;
  let deadline: NodeJS.Timeout | undefined;

  const timedOut = (): void => {
    stats.tcpTimeouts++;
    sock.destroy();
  };
  const write = (response: Buffer): void => {
    inFlight--;
    if (sock.destroyed) return;
    const len = Buffer.allocUnsafe(2);
    len.writeUInt16BE(response.length, 0);
    sock.cork();
    sock.write(len);
    sock.write(response);
    sock.uncork();
    if (sock.writableLength > MAX_UNREAD_REPLIES) sock.destroy(); // it does not read its answers
    if (sock.isPaused() && inFlight < limits.maxTcpPipeline) sock.resume();
    if (ended && inFlight === 0) sock.end();
  };
  const later = (response: Buffer): void => write(response);

  sock.setTimeout(limits.tcpIdleMs, timedOut);
  sock.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let progressed = false;
    while (buffered.length >= 2) {
      const len = buffered.readUInt16BE(0);
      if (len < 12) {
        stats.dropped++;
        sock.destroy(); // no header fits: the stream is garbage and cannot be resynchronised
        return;
      }
      if (buffered.length < len + 2) break;
      const msg = buffered.subarray(2, len + 2);
      buffered = buffered.subarray(len + 2);
      progressed = true;
      inFlight++;
      const out = handler.handle(msg, client, true, undefined, later);
      if (out === null) inFlight--;
      else if (out !== PENDING) write(out);
    }
    // The deadline runs from the first byte of an unfinished message; a finished message restarts it.
    if (deadline !== undefined && (progressed || buffered.length === 0)) {
      clearTimeout(deadline);
      deadline = undefined;
    }
    if (deadline === undefined && buffered.length > 0) deadline = setTimeout(timedOut, limits.tcpIdleMs);
    if (inFlight >= limits.maxTcpPipeline) sock.pause();
  });
  sock.on('end', () => {
    ended = true;
    if (inFlight === 0) sock.end();
  });
  sock.on('error', (err) => log.debug('dns tcp connection error', { client, error: err.message }));
  sock.on('close', () => {
    if (deadline !== undefined) clearTimeout(deadline);
    onGone();
  });
}
