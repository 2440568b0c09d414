// `node --import tsx bench/overlay/scale.ts [--endpoints 200]` (root, Debian's `etcd`): the overlay bench's
// N-endpoint step alone, with where its time goes. The lab's three hosts, one overlay, N sandbox creates over
// them with 12 in flight; then, per host: the nftables transactions committed in its namespace during the
// creates (from `nft monitor`'s "new generation" lines, by the process that committed them, and how many of
// them touched the bypass table), the FDB entries, and the daemon's RSS and CPU (itself and its children:
// the `ip`/`bridge`/`nft` sessions and processes), with the machine's load.
import { loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { NamespaceHost } from '../../test/engine/harness';
import { sh, skipReason } from '../../test/engine/harness';
import { OverlayLab } from '../../test/engine/overlay-lab';
import { benchPair, createEndpoints, fdbPerHost } from './probe';
import { arg } from './util';

const r1 = (x: number) => Math.round(x * 10) / 10;
const TICK = 100;

/** CPU seconds of a process and all its descendants (live ones, plus what reaped children left). */
function treeCpu(root: number): number {
  const kids = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(f[1]);
    cpu.set(Number(d), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK);
    kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
  }
  const sum = (p: number): number => (cpu.get(p) ?? 0) + (kids.get(p) ?? []).reduce((a, k) => a + sum(k), 0);
  return sum(root);
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return r1(Number(kb) / 1024);
}

async function main() {
  const reason = skipReason(['etcd'].filter((t) => sh(['which', t]).status !== 0));
  if (reason) {
    console.log(`overlay scale not measured: ${reason}`);
    return;
  }
  const n = arg('endpoints', 200);
  const lab = await OverlayLab.start();
  const hosts = lab.hosts as [NamespaceHost, NamespaceHost, NamespaceHost];
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => void lab.close().finally(() => process.exit(130)));
  try {
    await benchPair(hosts[0], hosts[1]);
    const id = (await hosts[0].c.call('network.inspect', { network: 'bench' })).Id;
    const pids = await Promise.all(hosts.map(async (h) => (await h.c.call('version', {})).pid));
    const monitors = hosts.map((h) => {
      const m = spawn('nsenter', [`--net=/run/netns/${h.hostNs}`, '--', 'nft', 'monitor'], { stdio: 'pipe' });
      let out = '';
      m.stdout.on('data', (b: Buffer) => (out += b.toString()));
      return { m, text: () => out };
    });
    await new Promise((r) => setTimeout(r, 300));
    const cpu0 = pids.map(treeCpu);
    const load0 = loadavg()[0] as number;
    const t = performance.now();
    await createEndpoints(hosts, n);
    const made = (performance.now() - t) / 1000;
    // Every host holds the other hosts' endpoints (and the bench pair's): then the bypass has settled too.
    const fdb = await fdbPerHost(hosts, id, n);
    await new Promise((r) => setTimeout(r, 1000));
    const cpu = pids.map((p, i) => r1(treeCpu(p) - (cpu0[i] as number)));
    for (const m of monitors) m.m.kill();
    const txns = monitors.map((m) => {
      // One transaction: a "new generation" line after its objects; count those touching the bypass (netdev).
      const blocks = m.text().split(/^# new generation \d+ by process \d+ \((\S+)\)$/m);
      let all = 0;
      let netdev = 0;
      let hooks = 0;
      for (let i = 0; i + 1 < blocks.length; i += 2) {
        all++;
        if (/netdev/.test(blocks[i] as string)) netdev++;
        hooks += ((blocks[i] as string).match(/^add chain netdev .* hook ingress/gm) ?? []).length;
      }
      return `${all} (${netdev} on the bypass table, ${hooks} ingress hooks added)`;
    });
    console.log(
      `${n} endpoints over 3 hosts (12 creates in flight): ${r1(made)} s (${r1(n / made)} per s), load ${r1(load0)} → ${r1(loadavg()[0] as number)}\n` +
        `  FDB entries per host ${fdb.join('/')}; daemon RSS ${pids.map(rssMb).join('/')} MB; ` +
        `daemon CPU (with its ip/bridge/nft children) ${cpu.join('/')} s\n` +
        `  nft transactions per host during the creates: ${txns.join('; ')}`,
    );
  } finally {
    await lab.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
