// Where the time of one network create / remove and one connect / disconnect goes inside the daemon:
// `node --import tsx bench/engine/phases.ts [--n 30] [--networks 0]` (root). Runs the daemon at debug level
// in a throwaway namespace, does N of each operation, then reads the daemon's log: the `op timing` lines
// (engine/src/log/op-timer.ts) give each phase, the `exec` lines each process it ran, the `rpc` lines the
// time inside the daemon. Prints medians. `--networks K` first creates K idle networks (a fuller table);
// `--bulk K` then connects K sandboxes of the default bridge to one network, as the engine bench's
// "N endpoints" (their first DNS network: each also gets its 127.0.0.11 redirect), shown as `(bulk)`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NamespaceHost } from '../../test/engine/harness';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
const N = arg('n', 30);
const EXTRA = arg('networks', 0);
const BULK = arg('bulk', 0);

interface Line {
  msg: string;
  op?: string;
  network?: string;
  sandbox?: string;
  method?: string;
  ms?: number;
  phases?: Record<string, number>;
  argv?: string[];
  forkMs?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const f = (v: number) => v.toFixed(1).padStart(7);

/** Client-side wall time per method (RPC round trip included), to compare with the daemon's own. */
const client = new Map<string, number[]>();

async function drive(h: NamespaceHost): Promise<void> {
  const call = async (method: string, params: Record<string, unknown>) => {
    const t0 = performance.now();
    await h.c.call(method as never, params as never);
    client.set(method, [...(client.get(method) ?? []), performance.now() - t0]);
  };
  for (let i = 0; i < EXTRA; i++) await call('network.create', { name: `idle${i}` });
  for (let i = 0; i < N; i++) {
    await call('network.create', { name: `pn${i}` });
    await call('network.rm', { network: `pn${i}` });
  }
  await call('network.create', { name: 'pc' });
  await call('sandbox.create', { name: 'runner', networks: ['bridge'] });
  for (let i = 0; i < N; i++) {
    await call('network.connect', { network: 'pc', sandbox: 'runner' });
    await call('network.disconnect', { network: 'pc', sandbox: 'runner' });
  }
  for (let i = 0; i < Math.min(N, 10); i++) await call('sandbox.create', { name: `s${i}`, networks: ['pc'] });
  await call('network.create', { name: 'pb' });
  for (let i = 0; i < BULK; i++) await call('sandbox.create', { name: `b${i}`, networks: ['bridge'] });
  for (let i = 0; i < BULK; i++) await call('network.connect', { network: 'pb', sandbox: `b${i}` });
}

interface OpFigures {
  total: number[];
  phases: Map<string, number[]>;
  execs: Map<string, number[]>;
  forks: Map<string, number[]>;
}

/** Groups `exec` lines by the operation they ran under (the next `op timing` line closes a group). */
function report(lines: Line[]): void {
  const byOp = new Map<string, OpFigures>();
  let execs: Line[] = [];
  for (const l of lines) {
    if (l.msg === 'exec') execs.push(l);
    if (l.msg !== 'op timing' || !l.op) continue;
    const created = l.sandbox?.startsWith('s') ? ' (sandbox create)' : '';
    const kind =
      l.network === 'pb' ? ' (bulk)' : l.network === 'bridge' ? ' (sandbox create, bridge)' : created;
    const op = l.op === 'endpoint.join' ? `${l.op}${kind}` : l.op;
    const o: OpFigures = byOp.get(op) ?? { total: [], phases: new Map(), execs: new Map(), forks: new Map() };
    byOp.set(op, o);
    o.total.push(l.ms ?? NaN);
    for (const [k, v] of Object.entries(l.phases ?? {})) o.phases.set(k, [...(o.phases.get(k) ?? []), v]);
    for (const e of execs) {
      const key = (e.argv ?? [])
        .filter((a) => !a.startsWith('--net='))
        .slice(0, 4)
        .join(' ');
      o.execs.set(key, [...(o.execs.get(key) ?? []), e.ms ?? NaN]);
      o.forks.set(key, [...(o.forks.get(key) ?? []), e.forkMs ?? NaN]);
    }
    execs = [];
  }
  const rpc = new Map<string, number[]>();
  for (const l of lines)
    if (l.msg === 'rpc' && l.method) rpc.set(l.method, [...(rpc.get(l.method) ?? []), l.ms ?? NaN]);
  for (const [op, o] of byOp) {
    console.log(`${op.padEnd(40)}${f(median(o.total))} ms (median of ${o.total.length})`);
    for (const [k, v] of o.phases) console.log(`  phase ${k.padEnd(32)}${f(median(v))}   (n=${v.length})`);
    for (const [k, v] of o.execs) {
      const fork = median(o.forks.get(k) ?? []);
      console.log(
        `  exec  ${k.padEnd(32)}${f(median(v))}   (n=${v.length}; event loop held by spawn ${fork.toFixed(1)})`,
      );
    }
  }
  for (const [m, v] of rpc)
    console.log(
      `rpc ${m.padEnd(36)}${f(median(v))} ms in the daemon, ${f(median(client.get(m) ?? []))} ms at the client`,
    );
}

async function main(): Promise<void> {
  const h = await NamespaceHost.start(['--log-level', 'debug']);
  try {
    const started = performance.now();
    await drive(h);
    console.log(`${N} of each in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const text = readFileSync(join(h.stateDir, 'engine.log'), 'utf8');
    report(text.split('\n').flatMap((t) => (t.startsWith('{') ? [JSON.parse(t) as Line] : [])));
  } finally {
    await h.close();
  }
}

void main().then(() => process.exit(0));
