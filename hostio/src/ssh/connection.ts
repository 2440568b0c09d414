import type { AuthHandlerMiddleware, Client, ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';

/** One SSH server on the way: the target, or a jump host before it (`ProxyJump`). */
export interface SshHop {
  host: string;
  port: number;
  username: string;
  /** Decides on the key this hop presents; resolves true to go on. Every hop is checked on its own. */
  verifyHostKey: (key: Buffer) => Promise<boolean>;
  agent?: string;
  privateKey?: Buffer | string;
  passphrase?: string;
  password?: string;
  /** Chooses the methods and their order; without it ssh2 tries what the fields above give. */
  authHandler?: AuthHandlerMiddleware;
  readyTimeoutMs?: number;
}

/** The most jump hosts a connection goes through (OpenSSH has no limit; a config loop must not hang us). */
export const MAX_JUMPS = 8;

/** `user@host:port` as messages name a hop. */
export function hopLabel(hop: Pick<SshHop, 'username' | 'host' | 'port'>): string {
  return `${hop.username}@${hop.host}${hop.port === 22 ? '' : `:${hop.port}`}`;
}

/**
 * One SSH connection to a host, through zero or more jump hosts as `ssh -J` does it: each jump's connection
 * carries the next one in a `direct-tcpip` channel (ssh2 `forwardOut`), so only the first hop is reached
 * directly, names are resolved by the jump host, and each hop's key is checked against its own name.
 */
export class SshConnection {
  private closedByUs = false;

  private constructor(
    /** The connection to the target (the last hop). */
    readonly client: Client,
    /** The jump hosts' connections, first hop first; ended after the target's. */
    private readonly jumps: Client[],
  ) {}

  static async open(target: SshHop, jumps: SshHop[] = []): Promise<SshConnection> {
    if (jumps.length > MAX_JUMPS) {
      throw new Error(
        `ProxyJump lists ${jumps.length} jump hosts for ${hopLabel(target)}; at most ${MAX_JUMPS}`,
      );
    }
    const opened: Client[] = [];
    const hops = [...jumps, target];
    for (const [i, hop] of hops.entries()) {
      const via = opened[i - 1];
      try {
        const sock = via ? await forwardOut(via, hop.host, hop.port) : undefined;
        opened.push(await connectOne(hop, sock));
      } catch (err) {
        for (const c of opened.reverse()) c.end();
        throw onHop(err, hop, i < jumps.length);
      }
    }
    const client = opened.pop() as Client;
    return new SshConnection(client, opened);
  }

  /** Opens a stream to a Unix socket on the target (`direct-streamlocal@openssh.com`). */
  openUnixSocket(path: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      this.client.openssh_forwardOutStreamLocal(path, (err, stream) => (err ? reject(err) : resolve(stream)));
    });
  }

  /** Called when the connection to the target (or a jump under it) drops by itself, not after close(). */
  onClose(listener: () => void): void {
    this.client.on('close', () => {
      if (!this.closedByUs) listener();
    });
  }

  close(): void {
    this.closedByUs = true;
    this.client.end();
    for (const c of [...this.jumps].reverse()) c.end();
  }
}

/**
 * An error on a jump host names it, so "connection refused" says where it was refused. ssh2's `level` stays on
 * the cause only: a jump that refused our key must not read as the target refusing it (which would ask for
 * the target's password).
 */
function onHop(err: unknown, hop: SshHop, isJump: boolean): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  return isJump ? new Error(`jump host ${hopLabel(hop)}: ${e.message}`, { cause: e }) : e;
}

/** A `direct-tcpip` channel from a connected hop to the next hop's address, as the next hop's socket. */
function forwardOut(via: Client, host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, host, port, (err, stream) =>
      err
        ? reject(new Error(`cannot reach ${host}:${port} through the jump host: ${err.message}`))
        : resolve(stream),
    );
  });
}

async function connectOne(hop: SshHop, sock: Duplex | undefined): Promise<Client> {
  // ssh2 is loaded on the first SSH connection, not when the extension activates.
  const { Client: SshClient } = await import('ssh2');
  const client: Client = new SshClient();
  const config: ConnectConfig = {
    host: hop.host,
    port: hop.port,
    username: hop.username,
    readyTimeout: hop.readyTimeoutMs ?? 15_000,
    keepaliveInterval: 10_000,
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
      hop.verifyHostKey(key).then(verify, () => verify(false));
    },
    ...(sock ? { sock } : {}),
    ...(hop.privateKey ? { privateKey: hop.privateKey } : {}),
    ...(hop.passphrase ? { passphrase: hop.passphrase } : {}),
    ...(hop.password ? { password: hop.password } : {}),
    ...(hop.agent ? { agent: hop.agent } : {}),
    ...(hop.authHandler ? { authHandler: hop.authHandler } : {}),
  };
  return new Promise((resolve, reject) => {
    client.once('ready', () => {
      // A later error is followed by 'close' (which onClose reports); it must not throw as an unhandled event.
      client.on('error', () => undefined);
      resolve(client);
    });
    client.once('error', reject);
    client.connect(config);
  });
}
