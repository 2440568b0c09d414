import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { Transport } from '../transport/transport';
import { chooseDaemonLog, DISTRO_LOG_FILES, isDockerdLine } from './daemon-log-source';
import type { DaemonLogSource } from './daemon-log-source';
import { probeDaemonLog, sudoFor } from './daemon-probe';
import type { LogFollower, LogSink } from './follower';
import { untilStdinCloses } from './until-stdin-closes';

/** The Docker daemon's log: `journalctl -u docker -f` under systemd, else the file it is written to. */
export class DaemonLogFollower implements LogFollower {
  private attachedOnce = false;

  async ready(host: Host): Promise<boolean> {
    return host.transport !== undefined && host.state === 'connected';
  }

  async attach(host: Host, sink: LogSink, signal: AbortSignal): Promise<string> {
    const transport = host.transport;
    if (!transport) throw new Error(vscode.l10n.t('{0} is not connected', host.label));
    const sudo = await sudoFor(transport);
    // On a re-attach only new lines are wanted: the earlier ones are already in the document.
    const source = chooseDaemonLog(await probeDaemonLog(transport, sudo), this.attachedOnce ? 0 : 200);
    if (!source) throw new Error(noSourceMessage(host.label));
    this.attachedOnce = true;
    sink.note(vscode.l10n.t('source: {0}', source.describe));
    await this.pipe(transport, sudo, source, sink, signal);
    return vscode.l10n.t('{0} ended', source.describe);
  }

  private async pipe(
    transport: Transport,
    sudo: string[],
    source: DaemonLogSource,
    sink: LogSink,
    signal: AbortSignal,
  ): Promise<void> {
    const stream = await transport.execStream([...sudo, ...untilStdinCloses(source.argv)]);
    let partial = '';
    await new Promise<void>((resolve) => {
      const stop = () => stream.destroy();
      signal.addEventListener('abort', stop);
      stream.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        sink.lines(source.grepDockerd ? parts.filter(isDockerdLine) : parts);
      });
      const done = () => {
        signal.removeEventListener('abort', stop);
        stream.destroy();
        resolve();
      };
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', done);
    });
  }
}

function noSourceMessage(host: string): string {
  return vscode.l10n.t(
    'no Docker daemon log found on {0}: no systemd journal, dockerd writes to no file, and none of {1} is readable; start dockerd with its output redirected to a file, or enable syslog',
    host,
    DISTRO_LOG_FILES.join(', '),
  );
}
