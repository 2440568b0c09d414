import * as vscode from 'vscode';
import { z } from 'zod';
import type { Host } from '../hosts/host';
import { LineJoiner, StdDemuxer, tagLine } from './demux';
import { dockerode } from '../docker/dockerode';
import type { LogFollower, LogSink } from './follower';

const InspectSchema = z.looseObject({
  State: z.looseObject({ Running: z.boolean() }),
  Config: z.looseObject({ Tty: z.boolean().optional() }),
});

/** `2026-11-22T14:37:25.123456789Z rest`, which Docker writes when asked for timestamps. */
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) ?/;

/**
 * A container's log through dockerode (`logs` with follow and tail), stdout and stderr told apart. Docker
 * ends the stream when the container stops; when it runs again the follower re-attaches with `since`, and
 * skips lines it already wrote by their timestamps, so a restart shows as a note, not as repeated lines.
 */
export class ContainerLogFollower implements LogFollower {
  private lastStamp = '';

  constructor(
    private readonly containerId: string,
    private readonly tail = 500,
  ) {}

  async ready(host: Host): Promise<boolean> {
    if (!host.transport || !host.docker) return false;
    const info = InspectSchema.safeParse(
      await this.container(host)
        .then((c) => c.inspect())
        .catch(() => undefined),
    );
    return info.success && info.data.State.Running;
  }

  async attach(host: Host, sink: LogSink, signal: AbortSignal): Promise<string> {
    const container = await this.container(host);
    const tty = InspectSchema.parse(await container.inspect()).Config.Tty === true;
    const since = this.lastStamp ? Math.floor(Date.parse(this.lastStamp) / 1000) : 0;
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      ...(since ? { since } : { tail: this.tail }),
    })) as NodeJS.ReadableStream & { destroy(): void };
    const demux = new StdDemuxer();
    const joiner = new LineJoiner();
    const write = (lines: string[]) => sink.lines(lines.flatMap((l) => this.fresh(l)));
    await new Promise<void>((resolve, reject) => {
      const stop = () => stream.destroy();
      signal.addEventListener('abort', stop);
      stream.on('data', (chunk: Buffer) => {
        // A TTY container's log is one raw stream; the others are multiplexed stdout/stderr frames.
        const frames = tty
          ? [{ stream: 'stdout' as const, text: chunk.toString('utf8') }]
          : demux.push(chunk);
        write(frames.flatMap((f) => joiner.push(f)));
      });
      stream.on('end', () => {
        write(joiner.flush());
        signal.removeEventListener('abort', stop);
        resolve();
      });
      stream.on('error', (err) => (signal.aborted ? resolve() : reject(err)));
    });
    return vscode.l10n.t('the container stopped');
  }

  /** Drops the timestamp Docker added and any line at or before the last one written. */
  private fresh(tagged: string): string[] {
    const tag = tagged.slice(0, 2);
    const body = tagged.slice(2);
    const m = STAMP.exec(body);
    if (!m?.[1]) return [tagged];
    if (this.lastStamp && m[1] <= this.lastStamp) return [];
    this.lastStamp = m[1];
    return [
      tag === '! ' ? tagLine('stderr', body.slice(m[0].length)) : tagLine('stdout', body.slice(m[0].length)),
    ];
  }

  private async container(host: Host) {
    if (!host.transport) throw new Error(vscode.l10n.t('{0} is not connected', host.label));
    return (await dockerode(host.transport)).getContainer(this.containerId);
  }
}
