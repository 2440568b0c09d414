import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import type * as http from 'node:http';
import { StreamAgent } from './stream-agent';
import type { Transport } from './transport';

/** The local machine, without SSH: the same code as a remote host, with sockets opened directly. */
export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  readonly label = 'localhost';

  constructor(readonly dockerSocket = '/var/run/docker.sock') {}

  dockerAgent(): http.Agent {
    return new StreamAgent(() => openUnixSocket(this.dockerSocket));
  }

  async close(): Promise<void> {}
}

export function openUnixSocket(path: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}
