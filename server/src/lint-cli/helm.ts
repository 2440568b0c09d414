import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { HelmRender } from '../kubernetes/loader';

/** `helm` on PATH, or undefined. */
export function findHelm(path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'helm');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Renders a chart with its own values.yaml, as kube-linter does: release `test-release`, namespace default. */
export function helmTemplate(helm: string): HelmRender {
  return (chartDir) => {
    const argv = ['template', 'test-release', chartDir, '--namespace', 'default'];
    const r = spawnSync(helm, argv, { encoding: 'utf8', timeout: 60_000, maxBuffer: 32 * 1024 * 1024 });
    if (r.error !== undefined) return { ok: false, reason: `helm template failed: ${r.error.message}` };
    if (r.status !== 0)
      return { ok: false, reason: `helm template failed: ${(r.stderr || '').trim().split('\n')[0] ?? ''}` };
    return { ok: true, text: r.stdout };
  };
}
