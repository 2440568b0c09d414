import * as vscode from 'vscode';
import { Host } from './host';
import { LocalTransport } from './local';

/** The hosts the user can see: localhost always, then the ones from settings. */
export class HostRegistry implements vscode.Disposable {
  readonly hosts: Host[] = [];
  private readonly changed = new vscode.EventEmitter<Host | undefined>();
  readonly onDidChange = this.changed.event;
  active: Host | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const socket = vscode.workspace
      .getConfiguration('switchyard')
      .get<string>('docker.socket', '/var/run/docker.sock');
    this.add(new Host('localhost', 'localhost', async () => new LocalTransport(socket), log));
  }

  add(host: Host): void {
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

  dispose(): void {
    for (const h of this.hosts) h.dispose();
    this.changed.dispose();
  }
}
