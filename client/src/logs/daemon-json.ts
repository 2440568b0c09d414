// Editing /etc/docker/daemon.json for "Set Docker daemon log level": pure, so the change the user confirms is
// exactly the change written, and the tests can check it without a host.

/** dockerd's `--log-level` values. */
export const DOCKER_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'] as const;
export type DockerLogLevel = (typeof DOCKER_LOG_LEVELS)[number];

export interface DaemonJsonPlan {
  /** The file's new text (2-space JSON and a final newline, as Docker's docs write it). */
  after: string;
  /** One line per key that changes, e.g. `log-level: "info" → "debug"`. */
  changes: string[];
}

/**
 * Sets `log-level` and `debug` in daemon.json's text. `debug: true` overrides `log-level` in dockerd, so it is
 * set only for `debug` and removed otherwise (a leftover `debug: true` would silently keep debug logging on).
 * An empty or missing file counts as `{}`; anything that is not a JSON object is refused, untouched.
 */
export function planDaemonJson(before: string, level: DockerLogLevel, path: string): DaemonJsonPlan {
  const config = parseObject(before, path);
  const next: Record<string, unknown> = { ...config, 'log-level': level };
  if (level === 'debug') next['debug'] = true;
  else delete next['debug'];
  const changes: string[] = [];
  for (const key of ['log-level', 'debug']) {
    const was = config[key];
    const now = next[key];
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push(`${key}: ${show(was)} → ${show(now)}`);
  }
  return { after: `${JSON.stringify(next, null, 2)}\n`, changes };
}

/** `daemon.json.bak-20261122T143725Z`: next to the original, sortable, one per edit. */
export function backupPath(path: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${path}.bak-${stamp}`;
}

function parseObject(text: string, path: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(
      `${path} is not valid JSON (${(err as Error).message}); fix it by hand first, nothing was changed`,
      { cause: err },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path} must hold a JSON object; fix it by hand first, nothing was changed`);
  }
  return value as Record<string, unknown>;
}

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v));
