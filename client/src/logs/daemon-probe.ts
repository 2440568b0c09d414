// Probes run over the transport (no vscode here, so the remote tier can run them against a real host).
import type { Transport } from '../transport/transport';
import { DISTRO_LOG_FILES } from './daemon-log-source';
import type { DaemonLogProbe } from './daemon-log-source';

/** `sudo -n` unless we are root on the host already (the same rule the engine deploy uses). */
export async function sudoFor(transport: Transport): Promise<string[]> {
  return (await transport.exec(['id', '-u'])).stdout.trim() === '0' ? [] : ['sudo', '-n'];
}

/** Looks on the host for where the Docker daemon's log is: journald, dockerd's own stderr file, syslog files. */
export async function probeDaemonLog(transport: Transport, sudo: string[]): Promise<DaemonLogProbe> {
  const ok = async (argv: string[]) => (await transport.exec(argv)).code === 0;
  const systemd =
    (await ok(['test', '-d', '/run/systemd/system'])) && (await ok(['journalctl', '--version']));
  const pid = (await transport.exec(['pidof', 'dockerd'])).stdout.trim().split(/\s+/)[0];
  const stderr = pid ? (await transport.exec([...sudo, 'readlink', `/proc/${pid}/fd/2`])).stdout.trim() : '';
  const readable: string[] = [];
  for (const f of DISTRO_LOG_FILES) if (await ok([...sudo, 'test', '-r', f])) readable.push(f);
  return { systemd, dockerdStderr: stderr || undefined, readable };
}
