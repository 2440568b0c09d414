import * as vscode from 'vscode';
import { hostNetworkFromDocker, placementNodes, portsFromSandboxes, withHostFacts } from '@switchyard/core';
import type { HostFacts } from '@switchyard/core';
import type { DockerNetwork, HostSnapshot } from '@switchyard/protocol';
import { DockerHost } from '../docker/docker-host';
import { EngineConnection } from '../engine-control/engine-connection';
import type { HostState, Transport } from '../transport/transport';
import { backoffDelay } from './backoff';
import { coalesced } from './coalesce';
import { readHostFacts } from './host-facts';
import { SecretError } from '../transport/secrets';
import { SshAuthError } from '../transport/ssh-login';
import type { SecretSlot } from '../transport/secrets';

/**
 * One host the user can connect to: its transport, its Docker engine and Switchyard engine, what they held
 * when last read, and a change event the tree and the language client listen to.
 */
export class Host implements vscode.Disposable {
  state: HostState = 'disconnected';
  lastError: string | undefined;
  transport: Transport | undefined;
  docker: DockerHost | undefined;
  dockerError: string | undefined;
  networks: DockerNetwork[] = [];
  engine: EngineConnection | undefined;
  snapshot: HostSnapshot | null = null;
  private stopEvents: (() => void) | undefined;
  private readonly changed = new vscode.EventEmitter<Host>();
  readonly onDidChange = this.changed.event;

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly makeTransport: () => Promise<Transport>,
    private readonly engineBundle: () => Promise<Buffer>,
    private readonly log: vscode.LogOutputChannel,
    /** The secrets this host may use (its key's passphrase, SSH and sudo passwords), for "Forget". */
    readonly secretSlots: () => SecretSlot[] = () => [],
  ) {}

  async connect(): Promise<void> {
    if (this.state === 'connected' || this.state === 'connecting') return;
    this.setState('connecting');
    try {
      this.transport = await this.makeTransport();
    } catch (err) {
      this.lastError = (err as Error).message;
      // A cancelled or refused password is the user's answer: retrying on a timer would only ask again.
      this.retryable = !(err instanceof SecretError || err instanceof SshAuthError);
      this.log.error(`${this.label}: ${this.lastError}`);
      this.setState('failed');
      return;
    }
    const transport = this.transport;
    await Promise.all([this.connectDocker(transport), this.connectEngine(transport)]);
    if (!this.docker) {
      // Without Docker no event refreshes the snapshot; the host's own facts still count.
      await this.refreshFacts();
      this.updateSnapshot();
    }
    this.attempt = 0;
    this.setState('connected');
    transport.onClose?.(() => {
      if (this.transport === transport && !this.closing) this.reconnectLater();
    });
  }

  private attempt = 0;
  private retryable = true;
  private closing = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  /** The link dropped: try again after 1 s, 2 s, 4 s … up to 30 s, until it comes back or the user disconnects. */
  private reconnectLater(): void {
    const delay = backoffDelay(this.attempt++);
    this.log.warn(`${this.label}: connection lost; reconnecting in ${delay / 1000} s`);
    this.stopEvents?.();
    this.engine?.dispose();
    this.transport = undefined;
    this.setState('connecting');
    this.reconnectTimer = setTimeout(() => {
      this.state = 'disconnected';
      void this.connect().then(() => {
        if (this.state === 'failed' && !this.closing && this.retryable) this.reconnectLater();
      });
    }, delay);
  }

  private async connectDocker(transport: Transport): Promise<void> {
    try {
      const docker = await DockerHost.create(transport);
      await docker.ping();
      this.docker = docker;
      this.dockerError = undefined;
      await this.refresh();
      this.stopEvents = await docker.onEvents(() => void this.refresh());
    } catch (err) {
      this.docker = undefined;
      this.dockerError = describe(err, transport.dockerSocket);
      this.log.warn(`${this.label}: ${this.dockerError}`);
    }
  }

  private async connectEngine(transport: Transport): Promise<void> {
    this.engine = new EngineConnection(transport, this.engineBundle, this.log, this.label);
    this.engine.onDidChange(() => this.updateSnapshot());
    await this.engine.attach();
  }

  /**
   * Re-reads Docker's networks and containers, the engine's objects and the host's /proc; the tree and the
   * language server get the new snapshot. Docker sends several events per operation: calls made while a
   * read runs share one more read after it (which sees their change), instead of one read each.
   */
  readonly refresh: () => Promise<void> = coalesced(() => this.readAll());

  private async readAll(): Promise<void> {
    await Promise.all([this.refreshDocker(), this.refreshFacts(), this.engine?.refresh()]);
    this.updateSnapshot();
  }

  private async refreshDocker(): Promise<void> {
    if (!this.docker) return;
    const { snapshot, networks } = await this.docker.snapshot(this.label);
    this.swarmNodes = snapshot.nodes;
    this.networks = networks.sort((a, b) => a.Name.localeCompare(b.Name));
    this.dockerSnapshot = snapshot;
  }

  /** The host's /proc view (listening sockets, routes, interfaces, kernel); kept when a read fails. */
  private async refreshFacts(): Promise<void> {
    if (!this.transport) return;
    try {
      this.facts = (await readHostFacts(this.transport)) ?? this.facts;
    } catch (err) {
      this.log.warn(`${this.label}: cannot read /proc/net for the host snapshot: ${(err as Error).message}`);
    }
  }

  private dockerSnapshot: HostSnapshot | null = null;
  /** Nodes of the Docker swarm this host is part of (undefined: none). */
  private swarmNodes: number | undefined;
  private facts: HostFacts | undefined;

  /** Docker's view plus the engine's networks, which the language server checks compose files against too. */
  private updateSnapshot(): void {
    const engineNets = (this.engine?.networks ?? []).map((n) => ({
      ...hostNetworkFromDocker({
        ...n,
        IPAM: { ...n.IPAM, Config: n.IPAM.Config },
        Containers: n.Containers,
      }),
      source: 'engine' as const,
      ...(n.ClusterHosts ? { clusterHosts: n.ClusterHosts } : {}),
    }));
    const base = this.dockerSnapshot ?? {
      host: this.label,
      takenAt: new Date().toISOString(),
      networks: [],
      ports: [],
      routes: [],
    };
    const nodes = placementNodes(this.swarmNodes, this.engine?.cluster);
    const withEngine = {
      ...base,
      networks: [...base.networks, ...engineNets],
      ports: [...base.ports, ...portsFromSandboxes(this.engine?.sandboxes ?? [])],
      ...(nodes !== undefined && { nodes }),
    };
    this.snapshot = this.facts ? withHostFacts(withEngine, this.facts) : withEngine;
    this.changed.fire(this);
  }

  async disconnect(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    this.stopEvents?.();
    this.engine?.dispose();
    await this.transport?.close();
    this.docker = undefined;
    this.engine = undefined;
    this.networks = [];
    this.snapshot = null;
    this.facts = undefined;
    this.transport = undefined;
    this.setState('disconnected');
    this.closing = false;
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
      'cannot reach Docker at {0} ({1}); start dockerd or check switchyard.docker.socket',
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
