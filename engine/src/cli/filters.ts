import { parseDuration, UsageError } from '@switchyard/core';

/**
 * Docker's `--filter KEY=VALUE` (repeatable): values of one key are alternatives, different keys must all
 * hold. Each command names the keys it takes; anything else is a usage error before the daemon is asked.
 */
export function parseFilters(items: readonly string[], keys: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const eq = item.indexOf('=');
    // `label!=k` is the key `label!`.
    const key = eq <= 0 ? '' : item.slice(0, eq);
    if (!key) throw new UsageError(`bad format of filter "${item}": use KEY=VALUE`);
    if (!keys.includes(key))
      throw new UsageError(`invalid filter "${key}": this command takes ${keys.join(', ')}`);
    out.set(key, [...(out.get(key) ?? []), item.slice(eq + 1)]);
  }
  return out;
}

/**
 * `until` as Docker reads it: a Go duration before now (`24h`, `1h30m`, `90s`), Unix seconds (`1700000000`,
 * fractions allowed) or a date (`2024-01-02`, `2024-01-02T15:04:05Z`). The instant, as an ISO string.
 */
export function untilInstant(value: string, now: number): string {
  // A bare number is Unix seconds, not a duration (Go's parser refuses those but 0).
  const duration = /^\d+(\.\d+)?$/.test(value) ? undefined : parseDuration(value);
  if (typeof duration === 'number') return new Date(now - duration).toISOString();
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  const date = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
    ? Date.parse(value.replace(' ', 'T'))
    : Number.NaN;
  if (Number.isNaN(date))
    throw new UsageError(
      `invalid until "${value}": use a duration (24h, 90m), Unix seconds or a date (2024-01-02T15:04:05Z)`,
    );
  return new Date(date).toISOString();
}
