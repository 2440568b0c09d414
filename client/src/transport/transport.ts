import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { RememberedSecret } from './secrets';

/**
 * How the extension reaches a host. The local transport talks to this machine's sockets directly; the SSH
 * transport forwards the same sockets over one ssh2 connection. Everything above this interface is the same
 * for both, so `localhost` exercises the exact code a remote host does.
 */
export interface Transport {
  readonly label: string;
  readonly kind: 'local' | 'ssh';
  /** An HTTP agent whose connections reach the host's Docker socket (for dockerode). */
  dockerAgent(): http.Agent;
  /** Path of the Docker socket on the host, for messages. */
  readonly dockerSocket: string;
  /** Runs a program on the host with an argument array (and optional stdin); never through a local shell. */
  exec(argv: string[], stdin?: string | Buffer): Promise<ExecResult>;
  /** Opens a byte stream to a Unix socket on the host. */
  openSocket(path: string): Promise<Duplex>;
  /** Runs a long-lived program and hands back its stdin/stdout as one stream (for `sudo … engine stdio`). */
  execStream(argv: string[]): Promise<Duplex>;
  /** The password sudo asks of this user on this host (asked, then kept in SecretStorage); absent: none asked. */
  sudoPassword?: RememberedSecret;
  /** Called when the link drops by itself (not after close()); the host then reconnects with backoff. */
  onClose?(listener: () => void): void;
  close(): Promise<void>;
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type HostState = 'disconnected' | 'connecting' | 'connected' | 'failed';
