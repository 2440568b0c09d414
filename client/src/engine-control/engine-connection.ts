import * as vscode from 'vscode';
import type { Duplex } from 'node:stream';
import type { NetworkInspect, NodeLsResult, SandboxInfo, ServiceInfo } from '@switchyard/protocol';
import type { Transport } from '../transport/transport';
import { setting } from '../settings/settings';
import { ensureEngine, reachRunningEngine } from './deploy';
import type { EngineLocation } from './deploy';
import type { ClusterMembership } from './cluster-membership';
import { EngineClient } from '@switchyard/hostio';
import { removeEngine, summarize } from './uninstall';
import type { UninstallReport } from './uninstall';
import { reattachReason } from './engine-state';
import type { EngineState } from './engine-state';

export type { EngineState } from './engine-state';

/**
 * Where the engine lives on the host named `host` (its label in the tree), from the settings: the global
 * `switchyard.engine.*` values, and over them that host's entry of `switchyard.engine.hosts` (a host whose
 * disk is laid out differently, several engines on one machine).
 */
export function engineLocation(host?: string): EngineLocation {
  const own = host === undefined ? {} : (setting('engine.hosts')[host] ?? {});
  return {
    socket: own.socket ?? setting('engine.socket'),
    stateDir: own.stateDir ?? setting('engine.stateDir'),
    logFile: own.logFile ?? setting('engine.logFile'),
    installDir: own.installDir ?? setting('engine.installDir'),
    prefix: own.prefix ?? setting('engine.prefix'),
  };
}

/**
 * In a remote window VS Code applies `machine`-scoped settings (every `switchyard.engine.*`) only from the
 * Remote settings: a socket written in the user settings is silently not applied there, so say where to put it.
 */
function remoteHint(): string {
  const remote = vscode.env.remoteName;
  return remote
    ? `; this is a ${remote} window: switchyard.engine.* settings apply here only from the Remote settings, not the user settings`
    : '';
}

/**
 * The engine on one host: connects to a running daemon, or deploys and starts the bundled one on request;
 * keeps its networks and sandboxes current from its event stream.
 */
export class EngineConnection implements vscode.Disposable {
  state: EngineState = 'absent';
  lastError: string | undefined;
  client: EngineClient | undefined;
  networks: NetworkInspect[] = [];
  sandboxes: SandboxInfo[] = [];
  /** The engine's cluster (its store and hosts) when it runs with `--cluster-store`. */
  cluster: NodeLsResult | undefined;
  /** The cluster's services (every host of a cluster sees all of them); none without a cluster. */
  services: ServiceInfo[] = [];
  /** The daemon's pid: a probe `from: { pid }` runs in the host's own network namespace. */
  pid: number | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The socket the connected client was opened for (through sudo or not). */
  private attachedSocket: string | undefined;
  private readonly settingsWatch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('switchyard.engine')) void this.settingsChanged();
  });

  constructor(
    private readonly transport: Transport,
    private readonly bundle: () => Promise<Buffer>,
    private readonly log: vscode.LogOutputChannel,
    /** The host's label in the tree: its entry of `switchyard.engine.hosts`, if any. */
    private readonly hostLabel?: string,
  ) {}

  /**
   * Connects to a daemon that is already running; quietly stays `absent` when there is none. The socket is
   * root's: a user who is not root gets through sudo when that asks nothing (`sudo -n`, a saved password).
   */
  async attach(): Promise<void> {
    const loc = engineLocation(this.hostLabel);
    try {
      await this.open(() => this.transport.openSocket(loc.socket), loc.socket);
      return;
    } catch (err) {
      this.log.info(
        `${this.transport.label}: no engine at ${loc.socket} (${(err as Error).message})${remoteHint()}`,
      );
    }
    try {
      const viaSudo = await reachRunningEngine(this.transport, loc);
      if (viaSudo) {
        await this.open(viaSudo, loc.socket);
        return;
      }
    } catch (err) {
      this.log.info(`${this.transport.label}: no engine through sudo either (${(err as Error).message})`);
    }
    this.state = 'absent';
    this.changed.fire();
  }

  /** A `switchyard.engine.*` setting changed: look for the engine again when it is not where it was found. */
  private async settingsChanged(): Promise<void> {
    const socket = engineLocation(this.hostLabel).socket;
    const why = reattachReason(this.state, this.attachedSocket, socket);
    if (why === undefined) return;
    this.log.info(`${this.transport.label}: ${why}`);
    const old = this.client;
    this.client = undefined;
    old?.dispose();
    await this.attach();
  }

  /**
   * Uploads and starts the bundled engine when needed (progress in a notification), in `cluster` when given
   * (restarting a running engine whose cluster differs), then connects.
   */
  async deploy(progress: (message: string) => void, cluster?: ClusterMembership): Promise<void> {
    this.state = 'connecting';
    this.changed.fire();
    try {
      const location = { ...engineLocation(this.hostLabel), ...(cluster ? { cluster } : {}) };
      const open = await ensureEngine(this.transport, await this.bundle(), location, progress);
      progress('connecting');
      await this.open(open, location.socket);
    } catch (err) {
      this.state = 'failed';
      this.lastError = (err as Error).message;
      this.log.error(`${this.transport.label}: engine: ${this.lastError}`);
      this.changed.fire();
      throw err;
    }
  }

  /** Stops the engine on the host and removes everything it made; the connection ends. */
  async uninstall(
    progress: (message: string) => void,
  ): Promise<{ report: UninstallReport; summary: string }> {
    const client = this.client;
    this.client = undefined;
    client?.dispose();
    try {
      const report = await removeEngine(
        this.transport,
        await this.bundle(),
        engineLocation(this.hostLabel),
        progress,
      );
      return { report, summary: summarize(report) };
    } finally {
      this.networks = [];
      this.sandboxes = [];
      this.state = 'absent';
      this.changed.fire();
    }
  }

  private async open(open: () => Promise<Duplex>, socket: string): Promise<void> {
    const { client, version } = await EngineClient.connect(await open());
    this.client?.dispose();
    this.client = client;
    this.attachedSocket = socket;
    this.state = 'connected';
    this.pid = version.pid;
    this.log.info(
      `${this.transport.label}: engine ${version.engineVersion} (API ${version.apiVersion}), pid ${version.pid}`,
    );
    client.onClose(() => {
      if (this.client !== client) return;
      this.client = undefined;
      this.state = 'absent';
      this.changed.fire();
    });
    await this.refresh();
    void client.stream('events', {}, () => void this.refresh()).catch(() => undefined);
  }

  async refresh(): Promise<void> {
    if (!this.client) return;
    const [networks, sandboxes, cluster] = await Promise.all([
      this.client.call('network.ls', {}),
      this.client.call('sandbox.ls', {}),
      // An engine without a cluster store (or an older one) has no cluster to show.
      this.client.call('node.ls', {}).catch(() => undefined),
    ]);
    this.cluster = cluster?.storeState === 'none' ? undefined : cluster;
    // An engine without services (no cluster store, or an older engine) lists none.
    this.services = this.cluster
      ? await this.client.call('service.ls', {}).catch((err: unknown) => {
          this.log.warn(`${this.transport.label}: service ls: ${(err as Error).message}`);
          return [];
        })
      : [];
    this.networks = networks.sort((a, b) => a.Name.localeCompare(b.Name));
    this.sandboxes = sandboxes.sort((a, b) => a.name.localeCompare(b.name));
    this.changed.fire();
  }

  dispose(): void {
    this.settingsWatch.dispose();
    this.client?.dispose();
    this.changed.dispose();
  }
}
