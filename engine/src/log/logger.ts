import { appendFileSync, chmodSync, renameSync, statSync } from 'node:fs';
import type { LogLevel, LogLine } from '@switchyard/protocol';

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, fatal: 4 };
export const levelAtLeast = (l: LogLevel, min: LogLevel): boolean => RANK[l] >= RANK[min];

type Sink = (line: LogLine) => void;

/**
 * Structured JSON log lines: one object per line to a file (and stderr), a ring buffer for `logs`, and live
 * followers for `logs --follow`.
 */
export interface LogFileLimits {
  /** A file past this size is rotated: `engine.log` → `engine.log.1` → … */
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
}
export const LOG_FILE_LIMITS: LogFileLimits = { maxBytes: 10 * 1024 * 1024, keep: 3 };

export class Logger {
  private readonly ring: LogLine[] = [];
  private readonly followers = new Set<Sink>();
  /** Bytes in the current file (-1: not known yet). */
  private fileBytes = -1;

  constructor(
    private readonly min: LogLevel,
    private readonly file?: string,
    private readonly toStderr = true,
    private readonly limits: LogFileLimits = LOG_FILE_LIMITS,
  ) {
    if (!file) return;
    try {
      // Root's log names networks, addresses and commands: readable by root only, even if an older
      // engine (or someone) created it 0644.
      chmodSync(file, 0o600);
      this.fileBytes = statSync(file).size;
    } catch {
      this.fileBytes = 0;
    }
  }

  /** Appends one line, rotating first when the file would grow past its limit. */
  private write(text: string): void {
    const file = this.file as string;
    if (this.fileBytes + text.length > this.limits.maxBytes && this.fileBytes > 0) {
      for (let i = this.limits.keep; i >= 1; i--) {
        try {
          renameSync(i === 1 ? file : `${file}.${i - 1}`, `${file}.${i}`);
        } catch {
          // Not there yet.
        }
      }
      this.fileBytes = 0;
    }
    appendFileSync(file, text, { mode: 0o600 });
    this.fileBytes += Buffer.byteLength(text);
  }

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
        this.write(text);
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
