// One etcd member on a host, started by Form Cluster and stopped by Leave Cluster: Debian's etcd-server, run
// as root, detached (setsid), its pid in a file so that only the member we started is ever stopped.
import type { RootRunner } from './sudo';
import { DeployError } from './sudo';
import {
  ETCD_CLIENT_PORT,
  ETCD_DATA_DIR,
  ETCD_LOG_FILE,
  ETCD_PID_FILE,
  etcdMemberArgv,
} from './cluster-membership';
import type { EtcdMember } from './cluster-membership';

/** True when an `etcd` binary is on the host's PATH (for root). */
export async function hasEtcd(root: RootRunner): Promise<boolean> {
  return (await root.exec(['etcd', '--version'])).code === 0;
}

/** Installs Debian's etcd-server (the caller asked the user first). */
export async function installEtcd(root: RootRunner, label: string): Promise<void> {
  const r = await root.exec([
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'apt-get',
    'install',
    '-y',
    '--no-install-recommends',
    'etcd-server',
  ]);
  if (r.code !== 0)
    throw new DeployError(
      `apt-get install etcd-server failed on ${label}: ${lastLines(r.stderr || r.stdout)}; install etcd there and try again`,
    );
}

/**
 * Starts this host's member of a new cluster of `members`. Refuses when a member we started still runs, or
 * when the data dir holds an earlier member's data (Leave Cluster removes both).
 */
export interface MemberPaths {
  dataDir: string;
  pidFile: string;
  logFile: string;
}
export const defaultMemberPaths: MemberPaths = {
  dataDir: ETCD_DATA_DIR,
  pidFile: ETCD_PID_FILE,
  logFile: ETCD_LOG_FILE,
};

export async function startEtcdMember(
  root: RootRunner,
  label: string,
  self: EtcdMember,
  members: EtcdMember[],
  paths: MemberPaths = defaultMemberPaths,
): Promise<{ name: string; dataDir: string; pidFile: string }> {
  const running = await memberPid(root, paths.pidFile);
  if (running !== undefined)
    throw new DeployError(
      `an etcd member started by Switchyard already runs on ${label} (pid ${running}); leave the cluster there first`,
    );
  const old = await root.exec(['sh', '-c', 'ls -A "$1" 2>/dev/null | head -c 1', 'sh', paths.dataDir]);
  if (old.stdout.trim() !== '')
    throw new DeployError(
      `${paths.dataDir} on ${label} holds an earlier etcd member's data; run Leave Cluster on ${label} (or remove it) first`,
    );
  const r = await root.exec([
    'sh',
    '-c',
    // Values arrive as positional arguments, never inside the script text.
    'log=$1; pidf=$2; data=$3; shift 3; mkdir -p -m 0700 "$data" "$(dirname "$pidf")" "$(dirname "$log")" || exit 1; ' +
      'setsid "$@" >>"$log" 2>&1 </dev/null & echo $! >"$pidf"',
    'sh',
    paths.logFile,
    paths.pidFile,
    paths.dataDir,
    ...etcdMemberArgv(self, members, paths.dataDir),
  ]);
  if (r.code !== 0) throw new DeployError(`etcd did not start on ${label}: ${lastLines(r.stderr)}`);
  return { name: self.name, dataDir: paths.dataDir, pidFile: paths.pidFile };
}

/** Waits until the member on `address` says it is healthy (a new cluster is, once a quorum has started). */
export async function waitEtcdHealthy(root: RootRunner, label: string, address: string): Promise<void> {
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${ETCD_CLIENT_PORT}/health`;
  const check = [
    'node',
    '-e',
    'fetch(process.argv[1]).then((r) => r.json()).then((j) => process.exit(j.health === "true" ? 0 : 1), () => process.exit(1))',
    url,
  ];
  for (let i = 0; i < 60; i++) {
    if ((await root.exec(check)).code === 0) return;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new DeployError(`etcd on ${label} did not become healthy within 30 s; see ${ETCD_LOG_FILE} there`);
}

/** Stops the member we started (checked by its pid file and process name) and removes its data. */
export async function stopEtcdMember(
  root: RootRunner,
  member: { dataDir: string; pidFile: string },
): Promise<void> {
  const pid = await memberPid(root, member.pidFile);
  if (pid !== undefined) {
    await root.exec(['kill', String(pid)]);
    for (let i = 0; i < 100 && (await root.exec(['kill', '-0', String(pid)])).code === 0; i++)
      await new Promise((res) => setTimeout(res, 100));
  }
  await root.exec(['rm', '-rf', '--', member.dataDir, member.pidFile]);
}

/** The pid in the pid file when that process is an etcd, else undefined. */
async function memberPid(root: RootRunner, pidFile = ETCD_PID_FILE): Promise<number | undefined> {
  const r = await root.exec(['cat', pidFile]);
  const pid = Number(r.stdout.trim());
  if (r.code !== 0 || !Number.isInteger(pid) || pid <= 0) return undefined;
  const comm = await root.exec(['cat', `/proc/${pid}/comm`]);
  return comm.code === 0 && comm.stdout.trim() === 'etcd' ? pid : undefined;
}

const lastLines = (text: string) => text.trim().split('\n').slice(-3).join(' ') || 'no output';
