import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the capture folder may hold; the oldest captures go first. */
export interface CaptureLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxAgeMs: number;
  /** One capture stops when its file reaches this size. */
  maxFileBytes: number;
}

export const CAPTURE_LIMITS: CaptureLimits = {
  maxFiles: 50,
  maxTotalBytes: 512 * 1024 * 1024,
  maxAgeMs: 7 * 24 * 3600_000,
  maxFileBytes: 128 * 1024 * 1024,
};

const CAPTURE_FILE = /^capture-\d+-[0-9a-f]+\.pcap$/;

/**
 * Deletes captures older than the age limit, then the oldest ones until at most `maxFiles` remain and
 * they hold at most `maxTotalBytes` (room is left for `reserve` more files). Only files named as the
 * engine names captures are touched. Returns the names removed.
 */
export async function pruneCaptures(dir: string, limits = CAPTURE_LIMITS, reserve = 0): Promise<string[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => CAPTURE_FILE.test(n));
  const files = (
    await Promise.all(
      names.map(async (name) => {
        const s = await stat(join(dir, name)).catch(() => undefined);
        return s?.isFile() ? { name, size: s.size, mtime: s.mtimeMs } : undefined;
      }),
    )
  )
    .filter((f): f is { name: string; size: number; mtime: number } => f !== undefined)
    .sort((a, b) => b.mtime - a.mtime); // newest first
  const now = Date.now();
  const keep: typeof files = [];
  const drop: string[] = [];
  let total = 0;
  for (const f of files) {
    const fits =
      now - f.mtime <= limits.maxAgeMs &&
      keep.length < limits.maxFiles - reserve &&
      total + f.size <= limits.maxTotalBytes;
    if (fits) {
      keep.push(f);
      total += f.size;
    } else drop.push(f.name);
  }
  await Promise.all(drop.map((n) => rm(join(dir, n), { force: true })));
  return drop;
}

/** Resolves when `file` grows to `maxBytes` (checked twice a second) or `until` settles. */
export function whenLarger(file: string, maxBytes: number, until: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setInterval(() => {
      void stat(file)
        .then((s) => {
          if (s.size >= maxBytes && !done) {
            done = true;
            clearInterval(timer);
            resolve();
          }
        })
        .catch(() => undefined);
    }, 500);
    void until.finally(() => {
      done = true;
      clearInterval(timer);
    });
  });
}
