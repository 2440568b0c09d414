import type { Logger } from './logger';

/**
 * Where the wall time of one operation goes: each phase is timed on its own (phases may run in parallel, so
 * they can add up to more than the total) and the whole is logged as one debug line, `op timing`, e.g.
 * `{"op":"network.create","ms":9.1,"phases":{"plan":0.3,"bridge":5.2,"firewall":6.0,"store":4.1,"dns":0.4}}`.
 * Costs two clock reads per phase when debug is off.
 */
export class OpTimer {
  private readonly started = performance.now();
  private readonly phases: Record<string, number> = {};

  constructor(
    private readonly log: Logger,
    private readonly op: string,
  ) {}

  /** Times `work` (started by the caller or by this call) as phase `name`; a repeated name adds up. */
  async phase<T>(name: string, work: Promise<T> | (() => Promise<T>)): Promise<T> {
    const t0 = performance.now();
    try {
      return await (typeof work === 'function' ? work() : work);
    } finally {
      this.phases[name] = round((this.phases[name] ?? 0) + performance.now() - t0);
    }
  }

  /** Milliseconds since the operation started. */
  elapsed(): number {
    return round(performance.now() - this.started);
  }

  /** Logs the line (debug level only); `fields` say which object the operation was about. */
  done(fields: Record<string, unknown> = {}): void {
    if (!this.log.enabled('debug')) return;
    const ms = round(performance.now() - this.started);
    this.log.debug('op timing', { op: this.op, ...fields, ms, phases: this.phases });
  }
}

const round = (ms: number): number => Math.round(ms * 10) / 10;
