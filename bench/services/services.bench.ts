// `npm run bench -- services`: services across three namespace hosts (the overlay tier's lab: three daemons, a
// three-member etcd, namespaces on an underlay bridge), in one run:
//  1. short TCP requests (connect, one answer, close) straight to one replica, straight to the three in
//     turn, through the VIP (nftables numgen map in the client's namespace), and through the routing mesh
//     (a host's published port → the host's own DNAT map → a replica), the same with the mesh's
//     local-first label (host 1 keeps its flows on its own replica), and, the mesh's peer from the same
//     client, a mode=host published port on host 2 (one replica there), and the VIP of that one-replica
//     service against its replica straight (one server behind both: the VIP's own cost, like for like);
//     each round interleaved;
//  2. `service scale` 1→2 → the new replica answering a prober on every host (ms);
//  3. Docker swarm's VIP and routing mesh on a single-node swarm of the running dockerd, when it runs here
//     (docker.ts says why when it does not).
// Options: --seconds S per load run (default 2), --rounds R (default 5), --conc C (default 8), --samples N
// (scale, default 10), --answering-first (scale: the first replica answers the probes too), --no-docker,
// --docker-only, --scale-only (only 2., no load runs),
// --verbose (each scale sample per host), --logs DIR (the daemons' debug logs written there at the end),
// --perf DIR (after the rounds, each path once more under `perf record -a -g`: DIR/<path>.data).
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import type { NamespaceHost } from '../../test/engine/harness';
import { sh, skipReason } from '../../test/engine/harness';
import { createNetns, type Netns } from '../../test/support/netns';
import { OverlayLab, hostAddr, plug, waitFor } from '../../test/engine/overlay-lab';
import { dockerSwarm } from './docker';
import { LOAD_SCRIPT, PROBE_SCRIPT } from './load';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const SECONDS = arg('seconds', 2);
const ROUNDS = arg('rounds', 5);
const CONC = arg('conc', 8);
const SAMPLES = arg('samples', 10);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.floor((s.length - 1) / 2)] as number);
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Busy share of the whole machine (all cores) between two reads of /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
  cpu: number;
}

/** One load run from inside `netns` (a namespace path for nsenter --net; '' for this process's own). */
export function load(netnsPath: string, ips: string, port: number): LoadResult {
  const c0 = cpuTimes();
  const r = sh([
    ...(netnsPath ? ['nsenter', `--net=${netnsPath}`, '--'] : []),
    process.execPath,
    '-e',
    LOAD_SCRIPT,
    ips,
    String(port),
    String(SECONDS * 1000),
    String(CONC),
  ]);
  const c1 = cpuTimes();
  if (r.status !== 0) throw new Error(`load run failed: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as { n: number; failed: number; p50: number; p99: number };
  return {
    rps: o.n / SECONDS,
    p50: o.p50,
    p99: o.p99,
    failed: o.failed,
    cpu: (c1.busy - c0.busy) / Math.max(1, c1.total - c0.total),
  };
}

/** Median figures over the rounds of each path, and the ratio of requests/s to the baseline's. */
export function report(runs: Map<string, LoadResult[]>, base: string): void {
  const b = median((runs.get(base) ?? []).map((x) => x.rps));
  console.log(
    `${'path'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'fail'.padStart(5)} ${'cpu'.padStart(5)}  vs ${base}`,
  );
  for (const [name, xs] of runs) {
    const rps = median(xs.map((x) => x.rps));
    console.log(
      `${name.padEnd(44)} ${r1(rps).toString().padStart(8)} ${r2(median(xs.map((x) => x.p50)))
        .toString()
        .padStart(7)} ${r2(median(xs.map((x) => x.p99)))
        .toString()
        .padStart(7)} ${String(xs.reduce((a, x) => a + x.failed, 0)).padStart(5)} ${`${Math.round(
        median(xs.map((x) => x.cpu)) * 100,
      )}%`.padStart(5)}  ${r2(rps / b)}`,
    );
  }
}

const slug = (name: string) =>
  name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);

/** One more run of a path with the whole machine sampled by perf (call graphs), for where its CPU goes. */
async function profiled(file: string, run: () => LoadResult): Promise<void> {
  const perf = spawn('perf', ['record', '-a', '-g', '-q', '-o', file], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 300));
  const x = run();
  const exited = new Promise((r) => perf.once('exit', r));
  perf.kill('SIGINT');
  await exited;
  console.log(`profiled ${file}: ${Math.round(x.rps)} req/s`);
}

const RESPONDER = [
  process.execPath,
  '-e',
  "require('net').createServer((s)=>{s.on('error',()=>{});s.end(process.env.SWITCHYARD_REPLICA+'\\n')}).listen(80)",
];
/** The scale probe's replicas: busybox nc forks `printenv` per connection and starts in a few ms. */
const NC_RESPONDER = ['busybox', 'nc', '-ll', '-p', '80', '-e', 'printenv', 'SWITCHYARD_REPLICA'];
/**
 * The same, but the first replica does not listen (its flows are reset by the kernel at once): with
 * NC_RESPONDER the three probes' connections to scl.1 (one every ~1 ms from each host) each fork a `printenv`,
 * about a thousand processes a second on the two cores while the scale is measured, which slowed the very
 * forks being measured. `--answering-first` keeps the old way.
 */
const QUIET_FIRST = [
  'sh',
  '-c',
  'if [ "$SWITCHYARD_SLOT" = 1 ]; then exec sleep infinity; fi; exec busybox nc -ll -p 80 -e printenv SWITCHYARD_REPLICA',
];
const ANSWERING_FIRST = process.argv.includes('--answering-first');

interface LogLine {
  t: number;
  msg: string;
  op?: string;
  sandbox?: string;
  ms?: number;
  phases?: Record<string, number>;
  sandboxes?: number;
}

/** The daemon's debug lines this breakdown reads (`op timing`, balancers programmed, spare taken), timed. */
function logLines(log: string): LogLine[] {
  return log.split('\n').flatMap((l) => {
    if (!/"msg":"(op timing|service load balancers programmed|spare namespace taken)"/.test(l)) return [];
    try {
      const o = JSON.parse(l) as Omit<LogLine, 't'> & { time: string };
      return [{ ...o, t: Date.parse(o.time) }];
    } catch {
      return [];
    }
  });
}

/**
 * Where each scale sample's time went, from the daemons' debug lines (same clock as the bench): on the
 * host that placed scl.2, when its join started after the scale, whether it took the spare namespace, the
 * join's phases (address: picked, or claimed first; link: the kernel work; redirect: the DNS redirect's
 * nft; announce: the claim-and-row transaction), then when the last other host had programmed its
 * balancers after the join, and when the last probe was answered.
 */
function breakdown(h: NamespaceHost[], samples: { t0: number; worst: number }[]): void {
  const lines = h.map((x) => logLines(x.log));
  const rows: Record<string, number>[] = [];
  for (const { t0, worst } of samples) {
    const inWindow = (l: LogLine) => l.t >= t0 && l.t <= t0 + worst + 2_000;
    const placed = lines.findIndex((ls) =>
      ls.some((l) => inWindow(l) && l.op === 'endpoint.join' && l.sandbox === 'scl.2'),
    );
    if (placed < 0) continue;
    const join = lines[placed]?.find(
      (l) => inWindow(l) && l.op === 'endpoint.join' && l.sandbox === 'scl.2',
    ) as LogLine;
    const end = join.t;
    const begin = end - (join.ms ?? 0);
    // The announce ended before the join's last phase (the local DNS update): the others may program
    // before the join's line is written.
    const announced = end - (join.phases?.dns ?? 0);
    const others = lines
      .filter((_, i) => i !== placed)
      .map((ls) =>
        ls.find(
          (l) => l.t >= announced && l.msg === 'service load balancers programmed' && (l.sandboxes ?? 0) > 0,
        ),
      );
    const spare = lines[placed]?.some((l) => l.msg === 'spare namespace taken' && l.t >= t0 && l.t <= end);
    rows.push({
      'join start': begin - t0,
      spare: spare ? 1 : 0,
      join: join.ms ?? NaN,
      address: join.phases?.address ?? 0,
      link: join.phases?.link ?? NaN,
      redirect: join.phases?.redirect ?? NaN,
      announce: join.phases?.announce ?? NaN,
      'join end': end - t0,
      'others programmed': Math.max(...others.map((l) => (l ? l.t - t0 : NaN))),
      answered: worst,
    });
  }
  if (rows.length === 0) return console.log('(no breakdown: the daemons logged no join of scl.2)');
  console.log(`where the time went (${rows.length} samples, ms after the scale call; median / p95):`);
  for (const k of Object.keys(rows[0] as object)) {
    const xs = rows.map((r) => r[k] as number).filter((x) => !Number.isNaN(x));
    if (k === 'spare')
      console.log(`  took the spare namespace: ${xs.filter((x) => x === 1).length} of ${rows.length}`);
    else console.log(`  ${k.padEnd(18)} ${r1(median(xs))} / ${r1(pct(xs, 95))}`);
  }
}

async function scaleLatency(h: NamespaceHost[], clients: string[]): Promise<number[]> {
  const s = await h[0]?.c.call('service.create', {
    name: 'scl',
    networks: ['bench'],
    replicas: 1,
    command: ANSWERING_FIRST ? NC_RESPONDER : QUIET_FIRST,
  });
  const vip = s?.networks[0]?.vip as string;
  const worst: number[] = [];
  const samples: { t0: number; worst: number }[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await waitFor(
      'scl at 1 replica',
      async () => {
        const ps = await h[0]?.c.call('service.ps', { service: 'scl' });
        return ps?.length === 1 && ps[0]?.state === 'running';
      },
      20_000,
    );
    const probes = clients.map((ns) => {
      const p = spawn('nsenter', [
        `--net=/run/netns/${ns}`,
        '--',
        process.execPath,
        '-e',
        PROBE_SCRIPT,
        vip,
        '80',
        'scl.2',
      ]);
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const done = new Promise<number>((r) => p.once('exit', () => r(Number(out.trim().split('\n').pop()))));
      const ready = new Promise<void>((r) => p.stdout.once('data', () => r()));
      return { ready, done };
    });
    await Promise.all(probes.map((p) => p.ready));
    const t0 = Date.now();
    await h[(i % 3) as 0 | 1 | 2]?.c.call('service.scale', { service: 'scl', replicas: 2 });
    const at = await Promise.all(probes.map((p) => p.done));
    worst.push(Math.max(...at) - t0);
    samples.push({ t0, worst: Math.max(...at) - t0 });
    if (process.argv.includes('--verbose'))
      console.log(`  sample ${i + 1}: ${at.map((x) => x - t0).join(' / ')} ms (hosts 1 / 2 / 3)`);
    await h[0]?.c.call('service.scale', { service: 'scl', replicas: 1 });
    // The scale down drains scl.2 (out of the balancers at once, its sandbox gone ~0.5 s later): the next
    // sample starts when it is gone everywhere, so each one measures a fresh sandbox, never a drained
    // replica placed again and kept.
    await waitFor(
      'scl.2 drained on every host',
      async () =>
        (await Promise.all(h.map((x) => x.c.call('sandbox.ls', {})))).every((l) =>
          l.every((sb) => sb.name !== 'scl.2'),
        ),
      20_000,
    );
  }
  await h[0]?.c.call('service.rm', { service: 'scl' });
  breakdown(h, samples);
  return worst;
}

async function main(): Promise<void> {
  const why = skipReason(spawnSync('which', ['etcd', 'setpriv']).status === 0 ? [] : ['etcd', 'setpriv']);
  if (why) {
    console.log(`not measured: ${why}`);
    return;
  }
  console.log(`load average before: ${loadavg().map(r2).join(' ')} (2 cores shared with other work)`);
  if (process.argv.includes('--docker-only')) return dockerSwarm({ load, report, rounds: ROUNDS });
  const lab = await OverlayLab.start();
  let outside: Netns | undefined;
  try {
    const h = lab.hosts;
    const [h0, h1] = h as [NamespaceHost, NamespaceHost];
    await waitFor('three nodes', () => h0.c.call('node.ls', {}).then((r) => r.nodes.length === 3));
    await h0.c.call('network.create', {
      name: 'bench',
      driver: 'overlay',
      attachable: true,
      ipam: [{ subnet: '10.234.0.0/24', auxAddresses: {} }],
    });
    outside = await createNetns('sybo');
    plug(lab.underlay.name, outside.name, 'o0', '198.18.0.60');
    const svc = await h0.c.call('service.create', {
      name: 'echo',
      networks: ['bench'],
      replicas: 3,
      ports: [{ published: 8080, target: 80 }],
      command: RESPONDER,
    });
    const vip = svc.networks[0]?.vip as string;
    // The same service with the mesh's local-first label (mesh.ts LOCAL_FIRST_LABEL) on port 8082: host 1
    // runs one of its replicas, so it keeps the flows it receives (no VXLAN hop, no SNAT).
    await h0.c.call('service.create', {
      name: 'echol',
      networks: ['bench'],
      replicas: 3,
      ports: [{ published: 8082, target: 80 }],
      labels: { 'switchyard.ingress.local-first': 'true' },
      command: RESPONDER,
    });
    // The routing mesh's peer from the same client: one replica on host 2 publishing 8081 with mode=host
    // (the engine's DNAT on the host straight to the replica on that host; no VXLAN hop, no SNAT).
    const echoh = await h0.c.call('service.create', {
      name: 'echoh',
      networks: ['bench'],
      replicas: 1,
      constraints: [`host==${hostAddr(1)}`],
      ports: [{ published: 8081, target: 80, mode: 'host' }],
      command: RESPONDER,
    });
    await waitFor(
      'echol running',
      async () =>
        (await h0.c.call('service.ps', { service: 'echol' })).filter((t) => t.state === 'running').length ===
        3,
      30_000,
    );
    const one = await waitFor(
      'echoh running',
      async () => {
        const t = (await h0.c.call('service.ps', { service: 'echoh' }))[0];
        return t?.state === 'running' && t;
      },
      30_000,
    );
    // The VIP with one replica behind it, against that replica straight: the VIP's own cost with one busy
    // server on both sides (the echo VIP spreads over three servers, the one-replica path has one).
    const oneVip = echoh.networks[0]?.vip as string;
    const oneIp = one.addresses.find((a) => a.network === 'bench')?.ipv4 as string;
    const ps = await waitFor(
      'three replicas',
      async () => {
        const x = await h0.c.call('service.ps', { service: 'echo' });
        return x.filter((t) => t.state === 'running').length === 3 && x;
      },
      30_000,
    );
    const ips = ps.map((t) => t.addresses.find((a) => a.network === 'bench')?.ipv4 as string);
    const remote = ps.find((t) => t.hostAddress === hostAddr(1))?.addresses[0]?.ipv4 as string;
    await h0.c.call('sandbox.create', { name: 'cl0', networks: ['bench'] });
    const cl0 = `/run/netns/${await h0.netnsOf('cl0')}`;
    const out = `/run/netns/${outside.name}`;
    let last = {};
    await waitFor(
      'the VIP and the mesh answering',
      () => {
        const a = load(cl0, vip, 80);
        const b = load(out, hostAddr(0), 8080);
        const c = load(out, hostAddr(1), 8081);
        const d = load(out, hostAddr(0), 8082);
        last = { vip: a, mesh: b, modeHost: c, localFirst: d };
        return [a, b, c, d].every((x) => x.failed === 0 && x.rps > 0);
      },
      30_000,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}; the last tries: ${JSON.stringify(last)}`);
    });
    const scaleOnly = process.argv.includes('--scale-only');
    const paths: [string, () => LoadResult][] = [
      ['direct: one replica (host 2), from host 1', () => load(cl0, remote, 80)],
      ['direct: three replicas in turn, from host 1', () => load(cl0, ips.join(','), 80)],
      ['VIP (numgen map in the client), from host 1', () => load(cl0, vip, 80)],
      ['direct: the echoh replica (host 2), from host 1', () => load(cl0, oneIp, 80)],
      ['VIP of echoh (one replica, host 2), from host 1', () => load(cl0, oneVip, 80)],
      ['routing mesh: host 1:8080 from the underlay', () => load(out, hostAddr(0), 8080)],
      ['routing mesh, local-first: host 1:8082', () => load(out, hostAddr(0), 8082)],
      ['mode=host port: host 2:8081 from the underlay', () => load(out, hostAddr(1), 8081)],
      ['direct from the underlay: host 2 replica:80', () => load(out, remote, 80)],
    ];
    // The last path needs a route from the underlay machine into the overlay: none exists (as for any
    // Docker overlay), so it is dropped when it cannot answer.
    const measured = paths.filter(([name]) => !name.startsWith('direct from the underlay'));
    const runs = new Map<string, LoadResult[]>(measured.map(([name]) => [name, []]));
    // Each round starts one path later (round 2: VIP, mesh, …, direct), so no path is always the first
    // or the last of a round while the machine's other load comes and goes.
    for (let round = 0; round < (scaleOnly ? 0 : ROUNDS); round++)
      for (let i = 0; i < measured.length; i++) {
        const [name, f] = measured[(i + round) % measured.length] as [string, () => LoadResult];
        runs.get(name)?.push(f());
      }
    const perfDir = process.argv.indexOf('--perf');
    if (perfDir > 0 && !scaleOnly)
      for (const [name, f] of measured) await profiled(`${process.argv[perfDir + 1]}/${slug(name)}.data`, f);
    if (!scaleOnly)
      console.log(
        `\nshort TCP requests, ${CONC} connections at a time, ${SECONDS} s a run, median of ${ROUNDS} rounds:`,
      );
    if (!scaleOnly) report(runs, 'direct: three replicas in turn, from host 1');
    if (!scaleOnly) console.log('(the same figures against the same client through a mode=host port:)');
    if (!scaleOnly)
      report(
        new Map([...runs].filter(([k]) => !k.startsWith('direct'))),
        'mode=host port: host 2:8081 from the underlay',
      );
    if (!scaleOnly) console.log('(like for like, one server behind both: the VIP of a one-replica service:)');
    if (!scaleOnly)
      report(
        new Map([...runs].filter(([k]) => k.includes('echoh'))),
        'direct: the echoh replica (host 2), from host 1',
      );
    if (!scaleOnly) console.log('(the same figures against one replica:)');
    if (!scaleOnly)
      report(
        new Map([...runs].filter(([k]) => k !== 'direct: three replicas in turn, from host 1')),
        'direct: one replica (host 2), from host 1',
      );
    // The scale is measured as before this path existed: no local-first replicas (one sandbox fewer per
    // host for each host's balancers to program).
    await h0.c.call('service.rm', { service: 'echol' });
    await waitFor(
      'echol gone everywhere',
      async () =>
        (await Promise.all(h.map((x) => x.c.call('sandbox.ls', {})))).every((l) =>
          l.every((sb) => !sb.name.startsWith('echol.')),
        ),
      30_000,
    );
    const worst = await scaleLatency(h, [
      await h0.netnsOf('cl0'),
      (await h1.c.call('sandbox.create', { name: 'cl1', networks: ['bench'] })).netns,
      (await (h[2] as NamespaceHost).c.call('sandbox.create', { name: 'cl2', networks: ['bench'] })).netns,
    ]);
    console.log(
      `\nservice scale 1→2 → the new replica answering on all three hosts (${SAMPLES} samples): ` +
        `median ${median(worst)} ms, p95 ${pct(worst, 95)} ms, max ${Math.max(...worst)} ms (target < 100 ms)`,
    );
  } finally {
    const logs = process.argv.indexOf('--logs');
    if (logs > 0)
      lab.hosts.forEach((h, i) => writeFileSync(`${process.argv[logs + 1]}/host${i + 1}.log`, h.log));
    await outside?.delete();
    await lab.close();
  }
  if (!process.argv.includes('--no-docker')) await dockerSwarm({ load, report, rounds: ROUNDS });
  console.log(`load average after: ${loadavg().map(r2).join(' ')}`);
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
