import { spawn } from 'node:child_process';
import type { NamespaceHost } from '../../test/engine/harness';
import { vxlanOf } from '../../test/engine/overlay-lab';

// Runs inside the prober's namespace: `node probe.js NAME` prints "ready", then, once asked (a line on
// stdin), queries 127.0.0.11 for NAME every 5 ms until it answers, then pings the address every 5 ms until
// it replies, and prints `{"resolvedAt":ms,"reachedAt":ms,"ip":"…"}` (Date.now() values).
export const PROBE_SCRIPT = String.raw`
const dgram = require('dgram'); const { spawnSync } = require('child_process');
const name = process.argv[1];
function query() {
  const labels = name.split('.').flatMap((l) => [Buffer.from([l.length]), Buffer.from(l)]);
  return Buffer.concat([Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, 0, 1, 0, 1])]);
}
const sock = dgram.createSocket('udp4');
let resolvedAt = 0; let ip = ''; let timer;
sock.on('message', (m) => {
  if (resolvedAt || m.readUInt16BE(6) === 0) return;
  resolvedAt = Date.now(); ip = [...m.subarray(m.length - 4)].join('.'); clearInterval(timer); sock.close();
  for (;;) {
    const r = spawnSync('ping', ['-n', '-c', '1', '-W', '0.05', ip]);
    if (r.status === 0) break;
  }
  console.log(JSON.stringify({ resolvedAt, reachedAt: Date.now(), ip })); process.exit(0);
});
console.log('ready');
process.stdin.once('data', () => { timer = setInterval(() => sock.send(query(), 53, '127.0.0.11'), 5); });
`;

/**
 * One convergence sample: a sandbox `name` created on host B (network "bench") while a prober in namespace
 * `netns` on host A resolves the name, then pings it. Times in ms from t0, taken just before the create.
 */
export async function convergenceSample(netns: string, b: NamespaceHost, name: string) {
  const p = spawn('nsenter', [`--net=/run/netns/${netns}`, '--', process.execPath, '-e', PROBE_SCRIPT, name]);
  let out = '';
  // Listened for at once: the probe may well finish before the create's answer arrives.
  const exited = new Promise((r) => p.once('exit', r));
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((r) => p.stdout.once('data', () => r()));
  const t0 = Date.now();
  p.stdin.write('go\n');
  await b.c.call('sandbox.create', { name, networks: ['bench'] });
  const returned = Date.now() - t0;
  await exited;
  const res = JSON.parse(out.split('\n').filter(Boolean).pop() as string) as {
    resolvedAt: number;
    reachedAt: number;
  };
  return {
    t0,
    returned,
    resolved: res.resolvedAt - t0,
    reached: res.reachedAt - t0,
    resolvedAt: res.resolvedAt,
  };
}

/** The overlay "bench" (10.240.0.0/16) made on host A, with sandbox "a" on A and "b" on B: what the samples use. */
export async function benchPair(a: NamespaceHost, b: NamespaceHost) {
  await a.c.call('network.create', {
    name: 'bench',
    driver: 'overlay',
    attachable: true,
    ipam: [{ subnet: '10.240.0.0/16', auxAddresses: {} }],
  });
  const sa = await a.c.call('sandbox.create', { name: 'a', networks: ['bench'] });
  const sb = await b.c.call('sandbox.create', { name: 'b', networks: ['bench'] });
  return { a: sa, b: sb };
}

/** Sandboxes e0..e(n-1) on "bench", spread round-robin over `hosts`, 12 creates in flight: the endpoint step. */
export async function createEndpoints(hosts: NamespaceHost[], n: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: 12 }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        await hosts[i % hosts.length]?.c.call('sandbox.create', { name: `e${i}`, networks: ['bench'] });
      }
    }),
  );
}

/**
 * After `createEndpoints(hosts, n)` (three hosts) and the bench pair: waits (30 s at most per host) until each
 * host's VXLAN device on network `id` holds the other hosts' endpoints as FDB entries; their count per host.
 */
export async function fdbPerHost(hosts: NamespaceHost[], id: string, n: number) {
  const counts: number[] = [];
  for (const h of hosts) {
    const until = Date.now() + 30_000;
    let count = 0;
    while (Date.now() < until) {
      count = (h.inHost(['bridge', 'fdb', 'show', 'dev', vxlanOf(h, id)]).stdout.match(/ dst /g) ?? [])
        .length;
      if (count >= n + 2 - Math.round(n / 3) - 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    counts.push(count);
  }
  return counts;
}
