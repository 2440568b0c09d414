import type { ChildProcess } from 'node:child_process';
import type { NamespaceHost } from '../../test/engine/harness';
import { sh, waitFor } from '../../test/engine/harness';

/** iperf3 from the namespace host to a sandbox: direct to its address vs through the published port (DNAT). */
export async function iperfRatio(
  h: NamespaceHost,
  netns: string,
  ip: string,
  port: number,
): Promise<Record<string, number>> {
  if (sh(['which', 'iperf3']).status !== 0) return {};
  const server: ChildProcess = h.spawnIn(netns, ['iperf3', '-s', '--forceflush', '-p', String(port)]);
  try {
    await waitFor(
      'iperf3 server',
      () => new Promise<boolean>((r) => server.stdout?.once('data', () => r(true))),
    );
    const gbps = (host: string) => {
      const out = h.inHost(['iperf3', '-c', host, '-p', String(port), '-t', '3', '-J']).stdout;
      const bits = (JSON.parse(out) as { end: { sum_received: { bits_per_second: number } } }).end
        .sum_received.bits_per_second;
      return bits / 1e9;
    };
    const direct = gbps(ip);
    const published = gbps('127.0.0.1');
    return {
      'iperf3 direct Gbit/s': direct,
      'iperf3 published port Gbit/s': published,
      'published/direct %': (published / direct) * 100,
    };
  } finally {
    server.kill('SIGKILL');
  }
}
