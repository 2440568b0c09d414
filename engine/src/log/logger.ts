import { appendFileSync } from 'node:fs';
import type { LogLevel, LogLine } from '@switchyard/protocol';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, fatal: 4 };
export const levelAtLeast = (l: LogLevel, min: LogLevel): boolean => RANK[l] >= RANK[min];

type Sink = (line: LogLine) => void;

/**
 * Structured JSON log lines: one object per line to a file (and stderr), a ring buffer for `logs`, and live
 * followers for `logs --follow`.
 */
export class Logger {
  private readonly ring: LogLine[] = [];
  private readonly followers = new Set<Sink>();

  constructor(
    private readonly min: LogLevel,
    private readonly file?: string,
    private readonly toStderr = true,
  ) {}

  log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
    const line: LogLine = { time: new Date().toISOString(), level, msg, ...fields };
    this.ring.push(line);
    if (this.ring.length > 5000) this.ring.splice(0, 1000);
    for (const f of this.followers) f(line);
    if (!levelAtLeast(level, this.min)) return;
    const text = JSON.stringify(line) + '\n';
    if (this.toStderr) process.stderr.write(text);
    if (this.file) {
      try {
        appendFileSync(this.file, text, { mode: 0o600 });
      } catch {
        // The log file is best effort; stderr still has the line.
      }
    }
  }

  /** Whether lines at `level` reach the log (for callers that must not even build a line otherwise). */
  enabled(level: LogLevel): boolean {
    return levelAtLeast(level, this.min);
  }

  debug = (msg: string, f?: Record<string, unknown>) => this.log('debug', msg, f);
  info = (msg: string, f?: Record<string, unknown>) => this.log('info', msg, f);
  warn = (msg: string, f?: Record<string, unknown>) => this.log('warn', msg, f);
  error = (msg: string, f?: Record<string, unknown>) => this.log('error', msg, f);
  fatal = (msg: string, f?: Record<string, unknown>) => this.log('fatal', msg, f);

  tail(n: number): LogLine[] {
    return this.ring.slice(-n);
  }

  follow(sink: Sink): () => void {
    this.followers.add(sink);
    return () => this.followers.delete(sink);
  }
}
