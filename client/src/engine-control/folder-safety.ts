import { DeployError } from './sudo';
import type { RootRunner } from './sudo';

/** One line of `stat -c '%u %a %n'`: owner uid, permission bits (octal, with the sticky bit), path. */
export interface FolderStat {
  uid: number;
  mode: number;
  path: string;
}

/** The folder and every folder above it, up to `/`: anyone who may replace one of them may replace what is inside. */
export function foldersUpTo(path: string): string[] {
  const out: string[] = [];
  let p = path.replace(/\/+$/, '') || '/';
  for (;;) {
    out.push(p);
    if (p === '/') return out;
    const cut = p.lastIndexOf('/');
    p = cut <= 0 ? '/' : p.slice(0, cut);
  }
}

export function parseStat(stdout: string): FolderStat[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const m = /^(\d+) ([0-7]+) (.*)$/.exec(line);
      if (!m) throw new DeployError(`cannot read the owner of a folder from "${line}"`);
      return { uid: Number(m[1]), mode: parseInt(m[2] ?? '0', 8), path: m[3] ?? '' };
    });
}

/**
 * Why root must not run or keep anything under `what` (undefined when it may): a folder on the way that root
 * does not own, or that its group or anyone may write to, lets another user swap the bundle between its hash
 * check and its start as root (or the state the daemon trusts). Above the folder, a world-writable folder
 * with the sticky bit (`/tmp`, mode 1777) is fine: there nobody but root may rename or remove root's entries,
 * as OpenSSH's and systemd's path checks also allow. The folder itself must be root's alone (in `/tmp` itself
 * anyone could plant the bundle's file name first).
 */
export function unsafeFolder(setting: string, what: string, stats: FolderStat[]): string | undefined {
  for (const [i, s] of stats.entries()) {
    const stickyAbove = i > 0 && (s.mode & 0o1000) !== 0;
    const problem =
      s.uid !== 0
        ? `is owned by uid ${s.uid}, not root`
        : (s.mode & 0o022) !== 0 && !stickyAbove
          ? `can be written by ${(s.mode & 0o002) !== 0 ? 'any user' : 'its group'} (mode ${s.mode.toString(8).padStart(4, '0')})`
          : undefined;
    if (problem) {
      return (
        `refusing ${setting} "${what}": ${s.path} ${problem}, so another user could replace what root runs or ` +
        `reads there; choose a folder that only root can write to, such as the default under /var/lib/switchyard`
      );
    }
  }
  return undefined;
}

/** Throws a DeployError when `folder` (made if missing, mode 0700) is not root's alone. */
export async function requireRootFolder(root: RootRunner, setting: string, folder: string): Promise<void> {
  const mk = await root.exec(['mkdir', '-p', '-m', '0700', '--', folder]);
  if (mk.code !== 0) throw new DeployError(`cannot create ${folder}: ${mk.stderr.trim() || 'no output'}`);
  const r = await root.exec(['stat', '-c', '%u %a %n', '--', ...foldersUpTo(folder)]);
  if (r.code !== 0)
    throw new DeployError(`cannot check who owns ${folder}: ${r.stderr.trim() || 'no output'}`);
  const why = unsafeFolder(setting, folder, parseStat(r.stdout));
  if (why) throw new DeployError(why);
}
