import * as vscode from 'vscode';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LogLineSchema } from '@switchyard/protocol';
import type { LogLine } from '@switchyard/protocol';
import type { Host } from '../hosts/host';
import type { LogFollower, LogSink } from './follower';
import { formatLogLine, keepLine } from './format';
import type { EngineLogFilter } from './format';

/**
 * The engine's log (`logs` with `follow: true`). The engine filters level and network; the DNS view filters
 * its own lines here. After a re-attach the engine replays its recent lines, and those already shown (by
 * time) are skipped, so a dropped link does not repeat or lose lines the engine still holds.
 */
export class EngineLogFollower implements LogFollower {
  private lastTime = '';

  constructor(private readonly filter: EngineLogFilter) {}

  async ready(host: Host): Promise<boolean> {
    return host.engine?.client !== undefined;
  }

  async attach(host: Host, sink: LogSink, signal: AbortSignal): Promise<string> {
    const client = host.engine?.client;
    if (!client) throw new Error(vscode.l10n.t('the engine on {0} is not connected', host.label));
    const cancel = new CancellationTokenSource();
    const stop = () => cancel.cancel();
    signal.addEventListener('abort', stop);
    let batch: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    const onLine = (raw: unknown) => {
      const line = LogLineSchema.safeParse(raw);
      if (!line.success || !this.fresh(line.data) || !keepLine(line.data, this.filter)) return;
      batch.push(formatLogLine(line.data));
      timer ??= setTimeout(() => {
        timer = undefined;
        sink.lines(batch);
        batch = [];
      }, 50);
    };
    try {
      await client.stream(
        'logs',
        {
          follow: true,
          level: this.filter.level,
          tail: this.lastTime ? 5000 : 500,
          ...(this.filter.network ? { network: this.filter.network } : {}),
        },
        onLine,
        cancel.token,
      );
    } finally {
      signal.removeEventListener('abort', stop);
      if (timer) clearTimeout(timer);
      sink.lines(batch);
      cancel.dispose();
    }
    return vscode.l10n.t('the engine ended the log stream');
  }

  /** ISO times sort as strings; equal times are let through rather than risk losing a line. */
  private fresh(line: LogLine): boolean {
    if (line.time < this.lastTime) return false;
    this.lastTime = line.time;
    return true;
  }
}
