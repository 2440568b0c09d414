// Where the Docker daemon's log is on a host, decided from what a probe found there (pure; the probe runs
// over the transport in daemon-log.ts).

export interface DaemonLogProbe {
  /** /run/systemd/system exists and journalctl runs. */
  systemd: boolean;
  /** Where dockerd's stderr goes (readlink /proc/PID/fd/2), when that is a file. */
  dockerdStderr?: string | undefined;
  /** Which of the distribution log files are readable. */
  readable: string[];
}

/** The files distributions write dockerd's output to without systemd, most specific first. */
export const DISTRO_LOG_FILES = ['/var/log/docker.log', '/var/log/daemon.log', '/var/log/messages'];

export interface DaemonLogSource {
  argv: string[];
  /** For the document's first line: where the lines come from. */
  describe: string;
  /** The file is shared with other daemons: keep only dockerd's lines. */
  grepDockerd: boolean;
}

export function chooseDaemonLog(probe: DaemonLogProbe, tail = 200): DaemonLogSource | undefined {
  if (probe.systemd) {
    return {
      argv: ['journalctl', '-u', 'docker', '-f', '-o', 'cat', '-n', String(tail), '--no-pager'],
      describe: 'journalctl -u docker',
      grepDockerd: false,
    };
  }
  const file =
    (probe.dockerdStderr && isFilePath(probe.dockerdStderr) ? probe.dockerdStderr : undefined) ??
    DISTRO_LOG_FILES.find((f) => probe.readable.includes(f));
  if (!file) return undefined;
  return {
    argv: ['tail', '-n', String(tail), '-F', file],
    describe: file,
    grepDockerd: file === '/var/log/daemon.log' || file === '/var/log/messages',
  };
}

/** A readlink of fd 2 that names a file, not `pipe:[123]`, `socket:[…]` or /dev/null. */
function isFilePath(target: string): boolean {
  return target.startsWith('/') && !target.startsWith('/dev/');
}

/** In a shared syslog file, dockerd's lines carry its tag (`dockerd[123]:` or `docker:`). */
export function isDockerdLine(line: string): boolean {
  return /\b(dockerd|docker|containerd)(\[\d+\])?:/.test(line);
}
