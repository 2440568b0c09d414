import type { Command, Runner } from './command';
import { check } from './command';

/** A path under /proc/sys: words joined by `/` (interface names keep their dots), no `..`, nothing else. */
const SYSCTL_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.@:-]+)+$/;

function mustPath(path: string): string {
  if (!SYSCTL_PATH.test(path) || path.split('/').includes('..'))
    throw new Error(`refusing sysctl path ${JSON.stringify(path)}: words under /proc/sys joined by '/'`);
  return path;
}

/**
 * /proc/sys as data, in three commands. Each has an argv that does it (coreutils only: `tee`, `cat`, `ls`,
 * on every host, where procps' sysctl may be missing) and a `procSys` the local runner serves in-process
 * when the command is for its own namespace (/proc/sys is memory: no process). A fake runner records and
 * answers them like any other command, so no unit test touches the host's sysctls.
 */
export function sysctlWrite(path: string, value: string, netns?: string): Command {
  if (!/^[\w.:-]*$/.test(value))
    throw new Error(`refusing sysctl value ${JSON.stringify(value)} for ${path}`);
  return {
    argv: ['tee', `/proc/sys/${mustPath(path)}`],
    stdin: `${value}\n`,
    ...(netns ? { netns } : {}),
    procSys: { op: 'write', path, value },
  };
}

/** Reads one sysctl: stdout is its value (exit non-zero when it does not exist). */
export const sysctlRead = (path: string): Command => ({
  argv: ['cat', `/proc/sys/${mustPath(path)}`],
  procSys: { op: 'read', path },
});

/** Lists a /proc/sys directory (`ls -1`: one name a line), e.g. `net/ipv6/conf`. */
export const sysctlList = (path: string): Command => ({
  argv: ['ls', '-1', `/proc/sys/${mustPath(path)}`],
  procSys: { op: 'list', path },
});

/** The engine namespace's sysctls through a runner (host/forwarding.ts reads and changes them so). */
export interface SysctlIo {
  /** undefined: no such sysctl (an interface that is gone, IPv6 disabled). */
  read(path: string): Promise<string | undefined>;
  write(path: string, value: string): Promise<void>;
  list(path: string): Promise<string[]>;
}

export function runnerSysctl(r: Runner): SysctlIo {
  return {
    read: async (path) => {
      const res = await r.run(sysctlRead(path));
      return res.exitCode === 0 ? res.stdout.trim() : undefined;
    },
    write: async (path, value) => {
      await check(r, sysctlWrite(path, value));
    },
    list: async (path) => {
      const res = await r.run(sysctlList(path));
      return res.exitCode === 0 ? res.stdout.split('\n').filter(Boolean) : [];
    },
  };
}
