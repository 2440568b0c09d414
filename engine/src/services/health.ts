import type { Healthcheck } from '@switchyard/protocol';
import type { Runner } from '../exec/command';
import type { Logger } from '../log/logger';
import type { SandboxRecord } from '../model/types';

export type Health = 'starting' | 'healthy' | 'unhealthy';

/** Output of a check kept (and logged on a change); beyond it the check is killed and counts as failed. */
const CHECK_OUTPUT_BYTES = 64 * 1024;

interface Running {
  stopped: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * The health checks of this host's replicas, as Docker runs `--health-cmd`: `/bin/sh -c CMD` inside the
 * replica's namespace, exit 0 within the timeout is a pass. A replica starts `starting`; its first pass
 * makes it `healthy`; `retries` failures in a row make it `unhealthy` (failures during the start period do
 * not count, and checks then run every start interval); a pass makes it healthy again. The first check
 * runs as soon as the replica is up (Docker waits one interval: here a replica joins the balancers as soon
 * as it answers). Each change is reported once; the agent puts it into the replica's rows.
 */
export class HealthChecks {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly runner: Runner,
    private readonly log: Logger,
    private readonly report: (sandboxId: string, health: Health, output: string) => void,
  ) {}

  has(sandboxId: string): boolean {
    return this.running.has(sandboxId);
  }

  ensure(sb: SandboxRecord, hc: Healthcheck, current: Health): void {
    if (this.running.has(sb.id)) return;
    const r: Running = { stopped: false };
    this.running.set(sb.id, r);
    const started = Date.now();
    let state = current;
    let failures = 0;
    const tick = async () => {
      if (r.stopped) return;
      const res = await this.runner
        .run({
          argv: ['sh', '-c', hc.cmd],
          netns: sb.netns,
          timeoutMs: hc.timeoutMs,
          maxOutputBytes: CHECK_OUTPUT_BYTES,
        })
        .catch((e: unknown) => ({ exitCode: 1, stdout: '', stderr: String((e as Error)?.message ?? e) }));
      if (r.stopped) return;
      const inStart = Date.now() - started < hc.startPeriodMs;
      let next = state;
      if (res.exitCode === 0) {
        failures = 0;
        next = 'healthy';
      } else if (!inStart || state === 'healthy') {
        failures++;
        if (failures >= hc.retries) next = 'unhealthy';
      }
      if (next !== state) {
        state = next;
        const output = `${res.stdout}${res.stderr}`.trim().slice(-400);
        this.log.info('replica health changed', {
          sandbox: sb.name,
          health: next,
          exit: res.exitCode,
          output,
        });
        this.report(sb.id, next, output);
      }
      const wait = state === 'starting' && inStart ? hc.startIntervalMs : hc.intervalMs;
      r.timer = setTimeout(() => void tick(), wait);
    };
    void tick();
  }

  stop(sandboxId: string): void {
    const r = this.running.get(sandboxId);
    if (!r) return;
    r.stopped = true;
    clearTimeout(r.timer);
    this.running.delete(sandboxId);
  }

  stopAll(): void {
    for (const id of [...this.running.keys()]) this.stop(id);
  }
}
