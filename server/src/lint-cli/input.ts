import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { FileReader } from '../compose/loader';

/** A compose file is a few kilobytes; anything this big is a mistake, not a project. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Why `switchyard lint` cannot run on its input: one line, no stack trace, exit status 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * Reads the files `lint` was given, refusing what cannot be a compose file before the loader sees it: a
 * missing path, a directory, a huge file, binary data, text that is not UTF-8. Every file read (also those
 * pulled in by `include` and `extends`) is read once and kept.
 */
export class CliReader implements FileReader {
  private readonly cache = new Map<string, string | undefined>();

  /** Checks a file named on the command line, throwing an InputError that says what is wrong. */
  require(path: string, shown: string): string {
    const provided = this.cache.get(path);
    if (provided !== undefined) return provided;
    const text = readChecked(path, shown);
    this.cache.set(path, text);
    return text;
  }

  /** Text that does not come from a file (stdin), read under `path` like any other. */
  provide(path: string, text: string): void {
    this.cache.set(path, text);
  }

  read(path: string): string | undefined {
    if (!this.cache.has(path)) {
      let text: string | undefined;
      try {
        text = readChecked(path, path);
      } catch {
        text = undefined;
      }
      this.cache.set(path, text);
    }
    return this.cache.get(path);
  }
}

function readChecked(path: string, shown: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${shown}: is a directory, not a compose file`);
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${shown}: ${describeFsError(err)}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new InputError(
      `${shown}: ${(size / 1024 / 1024).toFixed(1)} MB is too large for a compose file (limit ${MAX_FILE_BYTES / 1024 / 1024} MB)`,
    );
  }
  const bytes = readAll(path, size, shown);
  if (bytes.subarray(0, 8192).includes(0))
    throw new InputError(`${shown}: binary data, not a YAML compose file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new InputError(`${shown}: not UTF-8 text; compose files must be UTF-8`);
  }
}

function readAll(path: string, size: number, shown: string): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } catch (err) {
    throw new InputError(`${shown}: ${describeFsError(err)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a compose file';
  return err instanceof Error ? err.message : String(err);
}
