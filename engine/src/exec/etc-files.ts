import type { Command } from './command';

/** The directory `ip netns exec` bind-mounts a namespace's /etc files from. */
export const ETC_NETNS = '/etc/netns';
/** The files a sandbox gets there (sandbox/files.ts writes them). */
export const NETNS_FILES = ['hostname', 'hosts', 'resolv.conf'] as const;
export type NetnsFile = (typeof NETNS_FILES)[number];

/** A namespace name as `ip netns add` takes it: one path word, not `.` or `..`. */
function mustNetns(netns: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(netns) || netns === '.' || netns === '..')
    throw new Error(`refusing /etc/netns entry ${JSON.stringify(netns)}: one word of letters, digits, '_.-'`);
  return netns;
}

/** `/etc/netns/<ns>`, checked. */
export const netnsEtcDir = (netns: string): string => `${ETC_NETNS}/${mustNetns(netns)}`;

/**
 * /etc/netns and the host's /etc/resolv.conf as data, as exec/sysctl.ts does for /proc/sys: each command has
 * an argv that does it (coreutils only: `cat`, `tee`, `mkdir`, `rm`, `ls`) and an `etcFile` the local runner
 * serves in-process (a few small page-cache writes: a process would cost ~5 ms each). A fake runner records
 * and answers them like any other command, so no unit test touches this machine's /etc. Only these paths are
 * accepted: the builders take a namespace name, never a path.
 */
export const hostResolvRead = (): Command => ({
  argv: ['cat', '/etc/resolv.conf'],
  etcFile: { op: 'read', path: '/etc/resolv.conf' },
});

/** `mkdir -p /etc/netns/<ns>`. */
export function netnsDirMake(netns: string): Command {
  const path = netnsEtcDir(netns);
  return { argv: ['mkdir', '-p', path], etcFile: { op: 'mkdir', path } };
}

/** Writes `/etc/netns/<ns>/<file>` (replacing it) with `content` on stdin. */
export function netnsFileWrite(netns: string, file: NetnsFile, content: string): Command {
  if (!NETNS_FILES.includes(file)) throw new Error(`refusing /etc/netns file ${JSON.stringify(file)}`);
  const path = `${netnsEtcDir(netns)}/${file}`;
  return { argv: ['tee', path], stdin: content, etcFile: { op: 'write', path, content } };
}

/** `rm -rf /etc/netns/<ns>`: exit 0 when it is already gone. */
export function netnsDirRemove(netns: string): Command {
  const path = netnsEtcDir(netns);
  return { argv: ['rm', '-rf', '--', path], etcFile: { op: 'remove', path } };
}

/** Lists /etc/netns (one name a line; exit non-zero when it does not exist). */
export const netnsDirList = (): Command => ({
  argv: ['ls', '-1', '-A', ETC_NETNS],
  etcFile: { op: 'list', path: ETC_NETNS },
});
