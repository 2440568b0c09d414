// DNS queries per second and latency of our embedded DNS against Docker's 127.0.0.11, with dnsperf, in
// the same run: `node --import tsx bench/dns/dns.bench.ts [--seconds N] [--rounds N]` (root).
//
// Ours: the server runs in a "host" namespace listening on a bridge gateway; dnsperf runs in a sandbox
// namespace on that bridge, so the source-address scoping is on the measured path. Docker: a user-defined
// network with the same number of named containers; dnsperf runs in a client container's namespace
// (nsenter) against 127.0.0.11. Both get the same query mix (A queries for the service names), the same
// dnsperf settings and alternating rounds, since this 2-core machine is shared; the median round counts.
// Latency percentiles come from a second, rate-limited dnsperf run with per-query output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRoot, run, runOk, which, type Background, type Netns } from '../../test/engine/dns/harness';
import { buildTopology, startInNetns, writeJson } from '../../test/engine/dns/topology';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const SECONDS = arg('seconds', 8);
const ROUNDS = arg('rounds', 3);
const LATENCY_QPS = arg('latency-qps', 10000);
const NAMES = 5;
const CLIENTS = 8;
const OUTSTANDING = 200;

interface Figures {
  qps: number;
  avgMs: number;
  p50Ms: number;
  p99Ms: number;
  noerror: number;
}

/** dnsperf argv prefix runner: ours runs it via `ip netns exec`, Docker's via nsenter into a container. */
type Runner = (argv: string[]) => Promise<string>;

async function measure(runDnsperf: Runner, server: string, queries: string): Promise<Figures> {
  const common = ['dnsperf', '-s', server, '-d', queries, '-c', String(CLIENTS), '-q', String(OUTSTANDING)];
  const out = await runDnsperf([...common, '-l', String(SECONDS)]);
  const qps = Number(/Queries per second:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const avgMs = Number(/Average Latency \(s\):\s+([\d.]+)/.exec(out)?.[1] ?? NaN) * 1000;
  const sent = Number(/Queries completed:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const noerror = Number(/NOERROR (\d+)/.exec(out)?.[1] ?? 0);
  const lat = await runDnsperf([
    ...common,
    '-l',
    String(Math.max(2, SECONDS / 2)),
    '-Q',
    String(LATENCY_QPS),
    '-v',
  ]);
  const samples = lat
    .split('\n')
    .filter((l) => l.startsWith('> NOERROR'))
    .map((l) => Number(l.trim().split(/\s+/).pop()))
    .sort((a, b) => a - b);
  const pct = (p: number): number =>
    (samples[Math.min(samples.length - 1, Math.floor(samples.length * p))] ?? NaN) * 1000;
  return { qps, avgMs, p50Ms: pct(0.5), p99Ms: pct(0.99), noerror: sent > 0 ? noerror / sent : 0 };
}

function median(list: Figures[]): Figures {
  const sorted = [...list].sort((a, b) => a.qps - b.qps);
  return (
    sorted[Math.floor(sorted.length / 2)] ?? { qps: NaN, avgMs: NaN, p50Ms: NaN, p99Ms: NaN, noerror: 0 }
  );
}

/** Our server in a host namespace, dnsperf in a sandbox namespace on the bridge. */
async function setupOurs(
  dir: string,
): Promise<{ runner: Runner; server: string; queries: string; close(): Promise<void> }> {
  const topo = await buildTopology(
    [{ name: 'bench', prefix: '10.210.0' }],
    [{ name: 'client', on: { bench: 2 } }],
  );
  let server: Background | undefined;
  try {
    const endpoints = [
      { sandbox: 'client', name: 'client', ipv4: '10.210.0.2' },
      ...Array.from({ length: NAMES }, (_, i) => ({
        sandbox: `svc${i}`,
        name: `svc-${i}`,
        ipv4: `10.210.1.${i + 1}`,
      })),
    ];
    const config = writeJson(topo.dir, 'dns.json', {
      listen: [{ address: '10.210.0.1', port: 53 }],
      view: { networks: [{ name: 'bench', endpoints }] },
    });
    server = await startInNetns(topo.host, join('test', 'engine', 'dns', 'serve-dns.ts'), [config], 'READY');
    const client = topo.sandboxes.get('client') as Netns;
    const queries = queryFile(
      dir,
      'ours.txt',
      Array.from({ length: NAMES }, (_, i) => `svc-${i}`),
    );
    const srv = server;
    return {
      runner: (argv) => client.execOk(argv, (SECONDS + 30) * 1000),
      server: '10.210.0.1',
      queries,
      async close() {
        await srv.stop();
        await topo.cleanup();
      },
    };
  } catch (err) {
    await server?.stop();
    await topo.cleanup();
    throw err;
  }
}

/** Docker: a network, NAMES named containers and a client container; dnsperf enters the client's netns. */
async function setupDocker(
  dir: string,
): Promise<{ runner: Runner; queries: string; close(): Promise<void> } | string> {
  if (!which('docker')) return 'docker CLI not installed';
  const host = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  const docker = (args: string[]): Promise<string> => runOk(['docker', '-H', host, ...args], 60_000);
  if ((await run(['docker', '-H', host, 'info', '--format', '{{.ServerVersion}}'], 15_000)).code !== 0) {
    return `dockerd not answering at ${host} (start it with scripts/ci/services.sh start)`;
  }
  const image = process.env['SWITCHYARD_TEST_IMAGE'] ?? 'switchyard/busybox:local';
  if ((await run(['docker', '-H', host, 'image', 'inspect', image])).code !== 0) {
    return `local image ${image} missing (scripts/ci/busybox-image.sh builds it; nothing is pulled)`;
  }
  const tag = `sydnsb${process.pid.toString(36)}`;
  const names = Array.from({ length: NAMES }, (_, i) => `${tag}-svc-${i}`);
  const cleanup = async (): Promise<void> => {
    await run(['docker', '-H', host, 'rm', '-f', ...names, `${tag}-client`]);
    await run(['docker', '-H', host, 'network', 'rm', tag]);
  };
  try {
    await docker(['network', 'create', tag]);
    for (const name of [...names, `${tag}-client`]) {
      await docker(['run', '-d', '--network', tag, '--name', name, image, 'sleep', '3600']);
    }
    const pid = (await docker(['inspect', '-f', '{{.State.Pid}}', `${tag}-client`])).trim();
    return {
      runner: (argv) => runOk(['nsenter', '-t', pid, '-n', ...argv], (SECONDS + 30) * 1000),
      queries: queryFile(dir, 'docker.txt', names),
      close: cleanup,
    };
  } catch (err) {
    await cleanup();
    return `Docker setup failed: ${(err as Error).message}`;
  }
}

function queryFile(dir: string, file: string, names: string[]): string {
  const path = join(dir, file);
  writeFileSync(path, names.map((n) => `${n} A\n`).join(''));
  return path;
}

const fmt = (n: number, digits = 0): string =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const row = (who: string, f: Figures): string =>
  `${who.padEnd(12)} ${fmt(f.qps).padStart(9)} ${fmt(f.avgMs, 2).padStart(8)} ${fmt(f.p50Ms, 3).padStart(8)} ${fmt(f.p99Ms, 3).padStart(8)} ${fmt(f.noerror * 100, 1).padStart(6)}%`;

async function main(): Promise<void> {
  if (!isRoot()) return console.log('dns bench: not measured: needs root (network namespaces)');
  if (!which('dnsperf'))
    return console.log('dns bench: not measured: dnsperf missing (apt-get install -y dnsperf)');
  const dir = mkdtempSync(join(tmpdir(), 'sy-dnsbench-'));
  const ours = await setupOurs(dir);
  const docker = await setupDocker(dir);
  const mine: Figures[] = [];
  const theirs: Figures[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      mine.push(await measure(ours.runner, ours.server, ours.queries));
      if (typeof docker !== 'string') theirs.push(await measure(docker.runner, '127.0.0.11', docker.queries));
    }
  } finally {
    await ours.close();
    if (typeof docker !== 'string') await docker.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const a = median(mine);
  console.log(
    `DNS: dnsperf UDP A queries for ${NAMES} names, ${CLIENTS} clients, ${OUTSTANDING} outstanding, ${SECONDS} s,`,
  );
  console.log(`median of ${ROUNDS} alternating rounds; p50/p99 at a fixed ${LATENCY_QPS} qps`);
  console.log(
    `machine load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (other work competes for the 2 cores)`,
  );
  console.log(
    `${''.padEnd(12)} ${'qps'.padStart(9)} ${'avg ms'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'NOERROR'.padStart(7)}`,
  );
  console.log(row('switchyard', a));
  if (typeof docker === 'string') {
    console.log(`docker       not measured: ${docker}`);
    return;
  }
  const b = median(theirs);
  console.log(row('docker', b));
  console.log(
    `ratio (switchyard / docker): qps ${fmt(a.qps / b.qps, 2)}x, p99 ${fmt(a.p99Ms / b.p99Ms, 2)}x (lower is better)`,
  );
}

void main().catch((err: unknown) => {
  console.error(`dns bench failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
