import { spawn } from 'node:child_process';
import { sh } from '../../test/engine/harness';

/** One iperf3 run: Gbit/s received and the CPU both ends used (sender + receiver, % of one core). */
export interface IperfRun {
  gbps: number;
  cpu: number;
}

/** iperf3 TCP for 3 s from namespace `clientNs` to a one-shot server in `serverNs` at `ip`: Gbit/s received. */
export async function iperf(serverNs: string, clientNs: string, ip: string): Promise<number> {
  return (await iperfRun(serverNs, clientNs, ip)).gbps;
}

/**
 * The same, with the CPU iperf3 reports for both processes (user + system time over the run, so the kernel
 * path a socket's packets take in their context: on veth and VXLAN that is nearly all of it). Gbit/s per
 * CPU-second depends far less on how busy the machine is than Gbit/s alone.
 */
export async function iperfRun(serverNs: string, clientNs: string, ip: string): Promise<IperfRun> {
  const server = spawn('nsenter', [
    `--net=/run/netns/${serverNs}`,
    '--',
    'iperf3',
    '-s',
    '-1',
    '--forceflush',
  ]);
  await new Promise((r) => server.stdout.once('data', r));
  try {
    // IPERF_PERF_DIR=DIR: the client runs under `perf record -g` (its kernel work includes most of the
    // path: a veth hands each packet on in the sender's context), one file per run in DIR.
    const dir = process.env.IPERF_PERF_DIR;
    const perf = dir
      ? ['perf', 'record', '-g', '-q', '-o', `${dir}/${clientNs}-${Date.now()}.data`, '--']
      : [];
    const out = sh([
      ...perf,
      'nsenter',
      `--net=/run/netns/${clientNs}`,
      '--',
      'iperf3',
      '-c',
      ip,
      '-t',
      '3',
      '-J',
    ]).stdout;
    const end = (
      JSON.parse(out) as {
        end: {
          sum_received: { bits_per_second: number };
          cpu_utilization_percent: { host_total: number; remote_total: number };
        };
      }
    ).end;
    return {
      gbps: end.sum_received.bits_per_second / 1e9,
      cpu: end.cpu_utilization_percent.host_total + end.cpu_utilization_percent.remote_total,
    };
  } finally {
    server.kill('SIGKILL');
  }
}
