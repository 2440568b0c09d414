import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where the per-prefix locks live: one file per prefix, shared by every state dir on the host. */
export const RUN_DIR = '/run/switchyard';
export const prefixLockPath = (prefix: string): string => `${RUN_DIR}/prefix-${prefix}.lock`;
export const stateLockPath = (stateDir: string): string => `${stateDir}/engine.lock`;

/** `flock -x -n 3`: locks the open file description passed as fd 3 (builders return argv, see exec/). */
export const flockArgv = (): string[] => ['flock', '--exclusive', '--nonblock', '3'];

/** Thrown when another live daemon holds a lock; names that daemon's pid. */
export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly holderPid: number | undefined,
    what: string,
  ) {
    const who = holderPid ? `pid ${holderPid}` : 'a process whose pid is unknown';
    super(
      `another switchyard engine (${who}) already holds ${what} (lock ${path}); stop it first ` +
        `(switchyard-engine uninstall, or kill ${holderPid ?? '<pid>'}) or pick another --state-dir and --prefix`,
    );
  }
}

/** The pid written in a lock file, or undefined when it has none (a lock never taken, or an old file). */
export function lockHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An exclusive flock(2) held for the life of this process. Node has no flock, so the file is opened here
 * and `flock(1)` locks that same open file description (passed as its fd 3): the lock stays with our fd
 * after flock exits, and the kernel drops it when we die, even by kill -9, so a lock is never stale. The
 * fd is close-on-exec: no child of the daemon keeps it. The file then holds our pid, for the error a
 * second daemon prints and for `uninstall`, which stops the daemon by it.
 */
export class HeldLock {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
  ) {}

  static acquire(path: string, what: string): HeldLock {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const fd = openSync(path, 'a+', 0o600);
    const r = spawnSync(flockArgv()[0] as string, flockArgv().slice(1), {
      stdio: ['ignore', 'ignore', 'pipe', fd],
    });
    if (r.error || r.status !== 0) {
      closeSync(fd);
      if (r.status === 1) throw new LockHeldError(path, lockHolder(path), what);
      throw new Error(
        `could not lock ${path} with flock(1): ${r.error?.message ?? r.stderr?.toString().trim()}; install util-linux`,
      );
    }
    ftruncateSync(fd, 0);
    writeSync(fd, `${process.pid}\n`, 0);
    return new HeldLock(path, fd);
  }

  /** Releases the lock now (the kernel also does when the process ends). */
  release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  /**
   * At a clean stop, just before exit: the file goes while we still hold it (a daemon starting meanwhile
   * makes a new file and locks that), so a stopped engine leaves no lock file in /run/switchyard. After a
   * kill -9 the file stays, unlocked, and the next daemon takes it.
   */
  releaseAndRemove(): void {
    if (this.fd === undefined) return;
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone (uninstall removes it): nothing to do.
    }
    this.release();
  }
}

/** Both locks of one daemon: its state dir and its prefix (another state dir with our prefix would
 *  delete every object of ours at its start as leaks). Acquired before anything else is touched. */
export function lockDaemon(stateDir: string, prefix: string): HeldLock[] {
  const state = HeldLock.acquire(stateLockPath(stateDir), `state dir ${stateDir}`);
  try {
    return [state, HeldLock.acquire(prefixLockPath(prefix), `prefix "${prefix}"`)];
  } catch (e) {
    state.release();
    throw e;
  }
}
