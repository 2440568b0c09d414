import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { Duplex } from 'node:stream';
import type * as http from 'node:http';
import { StreamAgent } from '@switchyard/hostio';
import type { ExecResult, Transport } from './transport';
import type { RememberedSecret } from './secrets';

/** The local machine, without SSH: the same code as a remote host, with sockets opened directly. */
export class LocalTransport implements Transport {
  readonly kind = 'local' as const;
  readonly label = 'localhost';

  constructor(
    readonly dockerSocket = '/var/run/docker.sock',
    readonly sudoPassword?: RememberedSecret,
  ) {}

  dockerAgent(): http.Agent {
    return new StreamAgent(() => this.openSocket(this.dockerSocket));
  }

  openSocket(path: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(path);
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  exec(argv: string[], stdin?: string | Buffer): Promise<ExecResult> {
    const [cmd, ...args] = argv;
    if (!cmd) return Promise.reject(new Error('empty command'));
    return new Promise((resolve) => {
      const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (err) => resolve({ code: 127, stdout, stderr: stderr + err.message }));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      // A program that exits without reading its stdin must not turn into an EPIPE crash.
      child.stdin.on('error', () => undefined);
      child.stdin.end(stdin ?? '');
    });
  }

  async execStream(argv: string[]): Promise<Duplex> {
    const [cmd, ...args] = argv;
    if (!cmd) throw new Error('empty command');
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    return Duplex.from({ readable: child.stdout, writable: child.stdin });
  }

  async close(): Promise<void> {}
}
