// The engine's structured log lines as one readable line each, and the filters the viewers offer.
import type { LogLevel, LogLine } from '@switchyard/protocol';

const KNOWN = new Set(['time', 'level', 'msg']);

/** `14:37:25.123 INFO  network created network=front subnet="10.1.0.0/24"`, fields in the order received. */
export function formatLogLine(line: LogLine): string {
  const time = line.time.length >= 23 && line.time[10] === 'T' ? line.time.slice(11, 23) : line.time;
  const fields = Object.entries(line)
    .filter(([k, v]) => !KNOWN.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${fieldValue(v)}`);
  return [time, line.level.toUpperCase().padEnd(5), line.msg, ...fields].join(' ');
}

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** What the engine-log viewer shows; the engine filters level and network itself, the DNS view filters here. */
export interface EngineLogFilter {
  level: LogLevel;
  network?: string | undefined;
  /** Only lines of the embedded DNS server. */
  dnsOnly: boolean;
}

/**
 * The DNS server's lines. The engine tags them by message (`dns listening`, `dns upstream timed out`, …), not by
 * a component field, so this is the one place that knows that convention.
 */
export function isDnsLine(line: LogLine): boolean {
  return /^dns\b/.test(line.msg) || line['component'] === 'dns';
}

export function keepLine(line: LogLine, filter: EngineLogFilter): boolean {
  return !filter.dnsOnly || isDnsLine(line);
}
