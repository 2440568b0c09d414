import * as vscode from 'vscode';
import { homedir, userInfo } from 'node:os';
import { Host } from './host';
import { LocalTransport } from '../transport/local';
import { connectSsh, keyFileOf } from '../transport/ssh-connect';
import { localSudoSlot, sshSecretSlots } from '../transport/secrets';
import { vscodeSecretFor } from '../transport/secret-prompt';
import { SshConfigError, hostsFromSshConfig, parseHostSetting, readSshConfig } from '@switchyard/hostio';
import type { SshHostEntry } from '@switchyard/hostio';
import { dockerTargets, sshEntryForDocker } from './docker-contexts';
import type { RememberedSecret } from '../transport/secrets';
import { setting } from '../settings/settings';

/**
 * The hosts the user can see: localhost always, then `switchyard.hosts`, the hosts of ~/.ssh/config, and the
 * Docker engines `DOCKER_HOST` and the Docker contexts name (as `docker context ls` lists them). Listing reads
 * files only; nothing is reached until the user connects.
 */
export class HostRegistry implements vscode.Disposable {
  readonly hosts: Host[] = [];
  private readonly changed = new vscode.EventEmitter<Host | undefined>();
  readonly onDidChange = this.changed.event;
  active: Host | undefined;
  /** Each SSH host's login, so a Docker context naming a host already listed adds no second row. */
  private readonly sshLogins = new Map<string, SshHostEntry>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly engineBundle: () => Promise<Buffer>,
    readonly secrets: vscode.SecretStorage,
  ) {
    const socket = setting('docker.socket');
    // Locally too, the engine needs root: sudo's password is asked and kept like a remote host's.
    const sudoSlot = localSudoSlot(userInfo().username);
    const sudo = vscodeSecretFor(secrets, sudoSlot);
    this.add(
      new Host(
        'localhost',
        'localhost',
        async () => new LocalTransport(socket, sudo),
        engineBundle,
        log,
        () => [sudoSlot],
      ),
    );
    const { fromSettings, fromConfig } = this.sshEntries(setting('hosts'));
    for (const entry of [...fromSettings, ...fromConfig]) this.addSsh(entry);
    this.addDockerEngines(socket, sudo, fromConfig);
  }

  /** `DOCKER_HOST` and the Docker contexts: another local socket, or an SSH host not listed already. */
  private addDockerEngines(localSocket: string, sudo: RememberedSecret, sshConfig: SshHostEntry[]): void {
    const skipped = (line: string) => this.log.info(line);
    for (const t of dockerTargets(process.env, homedir(), skipped)) {
      if (t.kind === 'local') {
        if (t.socket === localSocket || this.get(`docker:${t.name}`)) continue;
        this.add(
          new Host(
            `docker:${t.name}`,
            `${t.name} (Docker)`,
            async () => new LocalTransport(t.socket, sudo),
            this.engineBundle,
            this.log,
            () => [localSudoSlot(userInfo().username)],
          ),
        );
        continue;
      }
      const entry = sshEntryForDocker(t, sshConfig, userInfo().username);
      const same = [...this.sshLogins.values()].some(
        (e) => e.hostName === entry.hostName && e.user === entry.user && e.port === entry.port,
      );
      if (!same) this.addSsh(entry);
    }
  }

  private sshEntries(settings: string[]): { fromSettings: SshHostEntry[]; fromConfig: SshHostEntry[] } {
    const user = userInfo().username;
    const fromSettings = settings.flatMap((s) => {
      const e = parseHostSetting(s, user);
      if (!e) this.log.warn(`switchyard.hosts: "${s}" is not user@host[:port]; skipped`);
      return e ? [e] : [];
    });
    const log = (line: string) => this.log.info(line);
    const fromConfig = hostsFromSshConfig(this.sshConfigText(log), user, homedir(), log);
    return { fromSettings, fromConfig };
  }

  /** ~/.ssh/config with its Includes; one that cannot be read as OpenSSH would is not used at all. */
  private sshConfigText(log: (line: string) => void): string {
    try {
      return readSshConfig({ home: homedir(), log });
    } catch (err) {
      if (!(err instanceof SshConfigError)) throw err;
      this.log.error(err.message);
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Switchyard does not use ~/.ssh/config: {0}', err.message),
      );
      return '';
    }
  }

  /** Adds an SSH host (from the settings, ~/.ssh/config, or the "Add host" command). */
  addSsh(entry: SshHostEntry): Host {
    const existing = this.get(`ssh:${entry.alias}`);
    if (existing) return existing;
    const host = new Host(
      `ssh:${entry.alias}`,
      entry.alias,
      () => connectSsh(entry, this.secrets),
      this.engineBundle,
      this.log,
      () => sshSecretSlots(entry, keyFileOf(entry)),
    );
    this.sshLogins.set(host.id, entry);
    this.add(host);
    this.changed.fire(host);
    return host;
  }

  private add(host: Host): void {
    this.hosts.push(host);
    host.onDidChange((h) => this.changed.fire(h));
  }

  get(id: string): Host | undefined {
    return this.hosts.find((h) => h.id === id);
  }

  async connect(host: Host): Promise<void> {
    this.active = host;
    await host.connect();
    this.changed.fire(host);
  }

  async disconnect(host: Host): Promise<void> {
    await host.disconnect();
    this.changed.fire(host);
  }

  dispose(): void {
    for (const h of this.hosts) h.dispose();
    this.changed.dispose();
  }
}
