/** Go's duration units, as Docker's `--health-interval`, `--stop-grace-period` and compose read them. */
const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A Go duration (`1m30s`, `500ms`, `2s`, `1.5h`) in milliseconds, or a message saying what is wrong
 * (Docker's parser refuses a bare number other than 0, and so does this one). At most 64 characters.
 */
export function parseDuration(text: string): number | string {
  const t = text.trim();
  if (t === '0') return 0;
  if (t.length === 0 || t.length > 64)
    return `invalid duration "${text}": use a number and a unit, e.g. 500ms, 2s, 1m30s`;
  const re = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let ms = 0;
  let at = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    ms += Number(m[1]) * (UNITS[m[2] as string] as number);
    at = re.lastIndex;
  }
  if (at !== t.length || at === 0)
    return `invalid duration "${text}": use a number and a unit, e.g. 500ms, 2s, 1m30s`;
  return Math.round(ms);
}
