import { closeSync, fsync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';

const fsyncAsync = promisify(fsync);

/**
 * Temp file + fsync + rename + fsync of the directory: after a kill -9 (or a power cut) the file is the old
 * or the new one. Only the two fsyncs wait on the disk, so only they go to the thread pool; the other steps
 * are page-cache operations of microseconds, done inline. Every async step costs a turn of the event loop,
 * which process spawns of the same operation hold up for milliseconds each (they fork synchronously).
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.tmp-${process.pid}`;
  const file = openSync(tmp, 'w', 0o600);
  try {
    writeFileSync(file, text);
    await fsyncAsync(file);
  } finally {
    closeSync(file);
  }
  renameSync(tmp, path);
  const d = openSync(dir, 'r');
  try {
    await fsyncAsync(d);
  } finally {
    closeSync(d);
  }
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
