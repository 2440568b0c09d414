import type * as http from 'node:http';

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
  close(): Promise<void>;
}

export type HostState = 'disconnected' | 'connecting' | 'connected' | 'failed';
