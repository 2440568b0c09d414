import { spawn } from 'node:child_process';
import { sh } from '../../test/engine/harness';

/** iperf3 TCP for 3 s from namespace `clientNs` to a one-shot server in `serverNs` at `ip`: Gbit/s received. */
export async function iperf(serverNs: string, clientNs: string, ip: string): Promise<number> {
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
    const out = sh([
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
    return (
      (JSON.parse(out) as { end: { sum_received: { bits_per_second: number } } }).end.sum_received
        .bits_per_second / 1e9
    );
  } finally {
    server.kill('SIGKILL');
  }
}
