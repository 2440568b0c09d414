import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** What the engine reads of a container's /etc file: enough for any real hosts or resolv.conf. */
export const CONTAINER_FILE_MAX_BYTES = 256 * 1024;
const MAX_SYMLINKS = 40;

/** Thrown when a container's file cannot be read safely; says which file and why. */
export class ContainerFileError extends Error {}

const parts = (p: string) => p.split('/').filter((c) => c !== '' && c !== '.');

/**
 * Reads `path` inside a container's root (`/proc/<pid>/root`) as the container itself would see it, but
 * without ever leaving that root: each component is opened with O_NOFOLLOW relative to the directory
 * opened before it (`/proc/self/fd/<dir>/<name>`, an openat), and a symlink is resolved by hand against
 * the container's root (an absolute target starts again from it, `..` stops at it), never against the
 * host's. Only a regular file is read (a FIFO or a device is refused, opened O_NONBLOCK so nothing hangs),
 * and at most `maxBytes` of it. The engine runs as root: without this a container's `/etc/hosts ->
 * /etc/shadow` would be read from the host.
 */
export function readInRoot(root: string, path: string, maxBytes = CONTAINER_FILE_MAX_BYTES): string {
  const { O_RDONLY, O_NOFOLLOW, O_DIRECTORY, O_NONBLOCK } = constants;
  const stack: number[] = [openSync(root, O_RDONLY | O_DIRECTORY)];
  let todo = parts(path);
  let hops = 0;
  try {
    while (todo.length > 0) {
      const name = todo.shift() as string;
      if (name === '..') {
        if (stack.length > 1) closeSync(stack.pop() as number);
        continue;
      }
      const at = `/proc/self/fd/${stack.at(-1)}/${name}`;
      const st = lstatSync(at);
      if (st.isSymbolicLink()) {
        if (++hops > MAX_SYMLINKS) throw new ContainerFileError(`${path}: too many symbolic links`);
        const target = readlinkSync(at);
        if (target.startsWith('/')) while (stack.length > 1) closeSync(stack.pop() as number);
        todo = [...parts(target), ...todo];
        continue;
      }
      const last = todo.length === 0;
      // O_NOFOLLOW: a component swapped for a symlink since the lstat fails here (ELOOP) instead.
      const fd = openSync(at, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | (last ? 0 : O_DIRECTORY));
      stack.push(fd);
      if (!last) continue;
      const kind = fstatSync(fd);
      if (!kind.isFile()) throw new ContainerFileError(`${path} is not a regular file; not read`);
      const buf = Buffer.alloc(maxBytes + 1);
      let got = 0;
      for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
      if (got > maxBytes) throw new ContainerFileError(`${path} is larger than ${maxBytes} bytes; not read`);
      return buf.subarray(0, got).toString('utf8');
    }
    throw new ContainerFileError(`${path} is a directory; not read`);
  } finally {
    for (const fd of stack) closeSync(fd);
  }
}

/**
 * A target's /etc file: inside a container's root when it has one (see readInRoot), else the plain path
 * (the engine's own files and its sandboxes' /etc/netns files). '' when it cannot be read; `onRefused`
 * hears why when that was a safety refusal rather than a missing file.
 */
export async function readTargetEtc(
  t: { containerRoot?: string },
  plainPath: string,
  name: 'hosts' | 'resolv.conf',
  onRefused?: (why: string) => void,
): Promise<string> {
  if (!t.containerRoot) return readFile(plainPath, 'utf8').catch(() => '');
  try {
    return readInRoot(t.containerRoot, `etc/${name}`);
  } catch (e) {
    if (e instanceof ContainerFileError) onRefused?.(e.message);
    return '';
  }
}
