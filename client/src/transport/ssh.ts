import type { Client } from 'ssh2';
import type { AuthHandlerMiddleware } from 'ssh2';
import type { Duplex } from 'node:stream';
import type * as http from 'node:http';
import { SshConnection, StreamAgent, hopLabel } from '@switchyard/hostio';
import type { HostKeyVerdict, SshHop } from '@switchyard/hostio';
import type { ExecResult, Transport } from './transport';
import type { RememberedSecret } from './secrets';

export interface SshTarget {
  host: string;
  port: number;
  username: string;
  privateKey?: Buffer;
  passphrase?: string;
  password?: string;
  agent?: string;
  /** Chooses the methods and their order (see ssh-auth.ts); without it ssh2 tries what the fields above give. */
  authHandler?: AuthHandlerMiddleware;
  /** Decides on the presented key; resolves true to go on. Unknown keys ask the user, changed keys refuse. */
  verifyHostKey: (key: Buffer) => Promise<boolean>;
  dockerSocket?: string;
  readyTimeoutMs?: number;
  /** Jump hosts to go through first (`ProxyJump`), each with its own key check and login. */
  jumps?: SshHop[];
}

/**
 * One ssh2 connection per host. Docker's socket and the engine's socket are reached by stream-local
 * forwards (`direct-streamlocal@openssh.com`) on that connection, so nothing listens on a TCP port.
 */
export class SshTransport implements Transport {
  readonly kind = 'ssh' as const;
  readonly dockerSocket: string;
  sudoPassword?: RememberedSecret;

  private readonly client: Client;

  private constructor(
    private readonly connection: SshConnection,
    readonly label: string,
    dockerSocket: string,
  ) {
    this.client = connection.client;
    this.dockerSocket = dockerSocket;
  }

  static async connect(target: SshTarget): Promise<SshTransport> {
    const { jumps, dockerSocket, ...hop } = target;
    const connection = await SshConnection.open(hop, jumps);
    return new SshTransport(connection, hopLabel(target), dockerSocket ?? '/var/run/docker.sock');
  }

  /** Opens a stream to a Unix socket on the host. */
  openSocket(path: string): Promise<Duplex> {
    return this.connection.openUnixSocket(path);
  }

  dockerAgent(): http.Agent {
    return new StreamAgent(() => this.openSocket(this.dockerSocket));
  }

  /** Runs a program on the host with an argument array; returns its output and exit code. */
  exec(argv: string[], stdin?: string | Buffer): Promise<ExecResult> {
    const line = argv.map(shellQuote).join(' ');
    return new Promise((resolve, reject) => {
      this.client.exec(line, (err, channel) => {
        if (err) return reject(err);
        let stdout = '';
        let stderr = '';
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        channel.on('close', (code: number | null) => resolve({ code: code ?? -1, stdout, stderr }));
        if (stdin !== undefined) channel.end(stdin);
        else channel.end();
      });
    });
  }

  /** A remote program's stdin and stdout as one stream; stderr goes to `onStderr`. */
  execStream(argv: string[], onStderr?: (text: string) => void): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.exec(argv.map(shellQuote).join(' '), (err, channel) => {
        if (err) return reject(err);
        channel.stderr.on('data', (d: Buffer) => onStderr?.(d.toString()));
        resolve(channel);
      });
    });
  }

  onClose(listener: () => void): void {
    this.connection.onClose(listener);
  }

  async close(): Promise<void> {
    this.connection.close();
  }
}

/** SSH runs a command line through the remote shell; quote each argument so it arrives as one word. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export type { HostKeyVerdict };
