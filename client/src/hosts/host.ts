import * as vscode from 'vscode';
import { snapshotFromDocker } from '@switchyard/core';
import type { DockerNetwork, HostSnapshot } from '@switchyard/protocol';
import { DockerHost } from '../docker/docker-host';
import type { HostState, Transport } from './transport';

/**
 * One host the user can connect to: its transport, its Docker engine, what it looked like when last read,
 * and a change event the tree and the language client listen to.
 */
export class Host implements vscode.Disposable {
  state: HostState = 'disconnected';
  lastError: string | undefined;
  docker: DockerHost | undefined;
  networks: DockerNetwork[] = [];
  snapshot: HostSnapshot | null = null;
  private stopEvents: (() => void) | undefined;
  private readonly changed = new vscode.EventEmitter<Host>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly makeTransport: () => Promise<Transport>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private transport: Transport | undefined;

  async connect(): Promise<void> {
    if (this.state === 'connected' || this.state === 'connecting') return;
    this.setState('connecting');
    try {
      this.transport = await this.makeTransport();
      this.docker = new DockerHost(this.transport);
      await this.docker.ping();
      await this.refresh();
      this.stopEvents = await this.docker.onEvents(() => void this.refresh());
      this.setState('connected');
    } catch (err) {
      this.lastError = describe(err, this.transport?.dockerSocket);
      this.log.error(`${this.label}: ${this.lastError}`);
      this.setState('failed');
    }
  }

  /** Re-reads networks and containers; the tree and the language server get the new snapshot. */
  async refresh(): Promise<void> {
    if (!this.docker) return;
    const [networks, containers] = await Promise.all([this.docker.networks(), this.docker.containers()]);
    this.networks = networks.sort((a, b) => a.Name.localeCompare(b.Name));
    this.snapshot = snapshotFromDocker(this.label, new Date().toISOString(), networks, containers);
    this.changed.fire(this);
  }

  async disconnect(): Promise<void> {
    this.stopEvents?.();
    await this.transport?.close();
    this.docker = undefined;
    this.networks = [];
    this.snapshot = null;
    this.setState('disconnected');
  }

  private setState(state: HostState): void {
    this.state = state;
    this.changed.fire(this);
  }

  dispose(): void {
    void this.disconnect();
    this.changed.dispose();
  }
}

function describe(err: unknown, socket: string | undefined): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ECONNREFUSED') {
    return vscode.l10n.t(
      'cannot reach Docker at {0} ({1}); start dockerd or check the socket path',
      socket ?? '?',
      e.code,
    );
  }
  if (e.code === 'EACCES') {
    return vscode.l10n.t(
      'permission denied on {0}; add your user to the docker group or connect as root',
      socket ?? '?',
    );
  }
  return e.message ?? String(err);
}
