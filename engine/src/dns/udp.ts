// The UDP side of one listener. Datagrams are handled one by one as they arrive; the kernel queues
// bursts in a large receive buffer, and anything we cannot parse is dropped or answered FORMERR, so a
// flood of junk costs a parse each and never stops the answers to everybody else.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { unmapIPv4 } from './addr';
import { PENDING, type QueryHandler } from './handler';
import type { DnsLimits, DnsLogger, ListenAddress } from './options';

/**
 * Every address we bind or answer is an IP literal, so skip dgram's default dns.lookup, which defers
 * each send by a tick; with this the reply is handed to the kernel synchronously.
 */
function literal(
  address: string,
  family: unknown,
  callback: (err: null, address: string, family: number) => void,
): void {
  callback(null, address, family === 6 ? 6 : 4);
}

export function bindUdp(
  at: ListenAddress,
  family: 4 | 6,
  handler: QueryHandler,
  limits: DnsLimits,
  log: DnsLogger,
): Promise<Socket> {
  const sock = createSocket({
    type: family === 6 ? 'udp6' : 'udp4',
    ipv6Only: family === 6,
    lookup: literal,
  });
  serveUdp(sock, family, handler);
  return new Promise((resolve, reject) => {
    const onBindError = (err: Error): void => reject(err);
    sock.once('error', onBindError);
    sock.bind({ address: at.address, port: at.port, exclusive: true }, () => {
      sock.off('error', onBindError);
      quietErrors(sock, at.address, limits, log);
      resolve(sock);
    });
  });
}

/**
 * Answers on a socket that is already bound (one handed over from inside a sandbox's namespace). `client`:
 * whom every query on this socket comes from, when the source address cannot say (127.0.0.1 inside a
 * sandbox); undefined = the source address.
 */
export function adoptUdp(
  sock: Socket,
  handler: QueryHandler,
  limits: DnsLimits,
  log: DnsLogger,
  client?: string,
): void {
  serveUdp(sock, 4, handler, client);
  quietErrors(sock, 'adopted', limits, log);
}

function quietErrors(sock: Socket, address: string, limits: DnsLimits, log: DnsLogger): void {
  // Send errors (an unreachable client, a full buffer) must never take the server down.
  sock.on('error', (err) => log.debug('dns udp socket error', { address, error: err.message }));
  try {
    sock.setRecvBufferSize(limits.udpRecvBufferBytes);
  } catch (err) {
    log.debug('dns udp receive buffer not raised', { error: String(err) });
  }
}

function serveUdp(sock: Socket, family: 4 | 6, handler: QueryHandler, fixedClient?: string): void {
  let open = true;
  sock.on('close', () => (open = false));
  // Forwarded answers arrive later, possibly after this listener was removed: sending then would throw.
  const reply = (response: Buffer, rinfo: RemoteInfo): void => {
    if (open) sock.send(response, rinfo.port, rinfo.address);
  };
  sock.on('message', (msg, rinfo) => {
    const client = fixedClient ?? (family === 6 ? unmapIPv4(rinfo.address) : rinfo.address);
    const out = handler.handle(msg, client, false, rinfo, reply);
    if (out !== null && out !== PENDING) sock.send(out, rinfo.port, rinfo.address);
  });
}
