// The tree over SSH (issue 4: 50 networks, 500 endpoints, under 500 ms). Needs root: a throwaway namespace
// with sshd, and the engine daemon running in it with 50 networks and 500 sandboxes (10 per network) under a
// unique prefix. tree-child.ts, bundled and run inside the namespace, times the client side. The peer: Docker's
// network list + inspect over the same SSH connection, with 50 extra Docker networks (no containers) under a
// unique name prefix. Everything made here is removed at the end, also when a step fails.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { build } from 'esbuild';
import type { Round } from './tree-child';
import { EngineClient } from '@switchyard/hostio';
import { createNetns, listNetns } from '../../test/support/netns';
import type { Netns } from '../../test/support/netns';
import { run, startBackground } from '../../test/support/proc';
import type { Background } from '../../test/support/proc';
import { startSshd } from '../../test/support/sshd';
import type { Sshd } from '../../test/support/sshd';
import { waitFor } from '../../test/support/wait';
import { summarize } from '../lsp/stats';
import type { Summary } from '../lsp/stats';

export interface TreeResult {
  networks: number;
  sandboxes: number;
  endpoints: number;
  rows: number;
  setupS: number;
  connectMs: Summary;
  lsMs: Summary;
  itemsMs: Summary;
  totalMs: Summary;
  cpuMs: Summary;
  docker: { networks: number; ms: Summary; cpuMs: Summary } | { notMeasured: string };
}

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

export async function measureTree(
  repo: string,
  opts: { networks: number; perNetwork: number; runs: number },
): Promise<TreeResult | { notMeasured: string }> {
  if (process.getuid?.() !== 0) return { notMeasured: 'needs root (namespaces, sshd, the engine)' };
  if (!existsSync('/usr/sbin/sshd')) return { notMeasured: 'no /usr/sbin/sshd (openssh-server)' };
  // The engine takes 1 to 6 of [a-z0-9]; it names its namespaces, bridges and objects with it.
  const prefix = `b${randomBytes(3).toString('hex').slice(0, 5)}`;
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-tree-'));
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const ns = await createNetns('sy-bench');
    cleanup.push(() => ns.delete());
    const sshd = await startSshd({ ns });
    cleanup.push(() => sshd.stop());
    const socket = join(dir, 'engine.sock');
    const engine = startBackground(
      ns.argv([
        process.execPath,
        join(repo, 'dist', 'engine.js'),
        'daemon',
        '--state-dir',
        join(dir, 'state'),
        '--socket',
        socket,
        '--prefix',
        prefix,
      ]),
    );
    cleanup.push(() => engine.stop());
    // The sandboxes' namespaces have global names under our prefix; anything the engine left goes too.
    cleanup.push(() => removeLeftNamespaces(prefix));
    const t0 = Date.now();
    console.log(`tree: populating the engine (prefix ${prefix}) in namespace ${ns.name} …`);
    const client = await engineClient(socket, engine);
    cleanup.push(async () => client.dispose());
    const nets = await populateEngine(client, prefix, opts.networks, opts.perNetwork);
    cleanup.push(() => emptyEngine(client, nets));
    const docker = await dockerPeer(prefix, opts.networks, cleanup);
    const setupS = (Date.now() - t0) / 1000;
    console.log(`tree: set up in ${setupS.toFixed(0)} s; timing the client side …`);
    const rounds = await runChild(repo, dir, ns, sshd, socket, opts.runs, !('notMeasured' in docker));
    return summarizeRounds(rounds, setupS, docker);
  } finally {
    for (const step of cleanup.reverse()) {
      await step().catch((err: unknown) => console.error(`cleanup: ${String(err)}`));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function engineClient(socket: string, engine: Background): Promise<EngineClient> {
  await waitFor(() => existsSync(socket) || engine.exited(), 30_000, { what: `the engine socket ${socket}` });
  if (engine.exited()) throw new Error(`the engine daemon exited:\n${engine.output()}`);
  const stream = connect(socket);
  await new Promise<void>((resolve, reject) => stream.once('connect', resolve).once('error', reject));
  return (await EngineClient.connect(stream)).client;
}

async function populateEngine(
  client: EngineClient,
  prefix: string,
  networks: number,
  perNetwork: number,
): Promise<string[]> {
  const names = Array.from({ length: networks }, (_, i) => `${prefix}n${i}`);
  // Subnets inside the namespace only: nothing outside it sees them.
  await inBatches(names, 5, (name) => {
    const i = names.indexOf(name);
    return client.call('network.create', { name, ipam: [{ subnet: `10.77.${i}.0/24` }] });
  });
  const sandboxes = names.flatMap((net) =>
    Array.from({ length: perNetwork }, (_, j) => ({ net, name: `${net}s${j}` })),
  );
  await inBatches(sandboxes, 10, (s) => client.call('sandbox.create', { name: s.name, networks: [s.net] }));
  return names;
}

async function emptyEngine(client: EngineClient, nets: string[]): Promise<void> {
  const sandboxes = await client.call('sandbox.ls', {});
  await inBatches(sandboxes, 10, (s) => client.call('sandbox.rm', { sandbox: s.name, force: true }));
  await inBatches(nets, 5, (network) => client.call('network.rm', { network }));
}

async function removeLeftNamespaces(prefix: string): Promise<void> {
  for (const name of await listNetns()) {
    if (name.startsWith(`${prefix}-`)) await run(['ip', 'netns', 'del', name]);
  }
}

/** 50 Docker networks under a unique prefix, removed by `cleanup`; or why the peer is not measured. */
async function dockerPeer(
  prefix: string,
  count: number,
  cleanup: (() => Promise<unknown>)[],
): Promise<{ created: number } | { notMeasured: string }> {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  try {
    await docker.ping();
  } catch (err) {
    return { notMeasured: `dockerd not reachable: ${String(err)}` };
  }
  const stem = `swy-bench-${prefix}-`;
  const names = Array.from({ length: count }, (_, i) => `${stem}${i}`);
  cleanup.push(async () => {
    const mine = await docker.listNetworks({ filters: { name: [stem] } });
    for (const n of mine) if (n.Name.startsWith(stem)) await docker.getNetwork(n.Id).remove();
  });
  await inBatches(names, 5, (Name) => createDockerNetwork(docker, Name));
  return { created: count };
}

/**
 * Docker's default pools are often used up on a busy machine, so each network gets a /24 picked at random
 * from 10.224.0.0/11; Docker refuses one that overlaps anything it has, and another is tried.
 */
async function createDockerNetwork(docker: Docker, Name: string): Promise<void> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const [a = 0, b = 0] = randomBytes(2);
    const Subnet = `10.${224 + (a % 32)}.${b}.0/24`;
    try {
      await docker.createNetwork({
        Name,
        IPAM: { Config: [{ Subnet }] },
        Labels: { 'switchyard.bench': 'tree' },
      });
      return;
    } catch (err) {
      if (!/overlap/i.test(String(err))) throw err;
    }
  }
  throw new Error(`no free /24 in 10.224.0.0/11 for Docker network ${Name} after 30 tries`);
}

async function runChild(
  repo: string,
  dir: string,
  ns: Netns,
  sshd: Sshd,
  socket: string,
  runs: number,
  docker: boolean,
): Promise<Round[]> {
  const child = join(dir, 'tree-child.js');
  await build({
    entryPoints: [join(__dirname, 'tree-child.ts')],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'warning',
    external: ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'],
    nodePaths: [join(repo, 'node_modules')],
  });
  const args = {
    host: sshd.host,
    port: sshd.port,
    privateKeyPath: sshd.privateKeyPath,
    hostPublicKey: sshd.hostPublicKey,
    engineSocket: socket,
    runs,
    docker,
  };
  const [cmd = 'ip', ...argv] = ns.argv([process.execPath, child, JSON.stringify(args)]);
  const out = execFileSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').pop() ?? '[]') as Round[];
}

function summarizeRounds(
  rounds: Round[],
  setupS: number,
  docker: { created: number } | { notMeasured: string },
): TreeResult {
  const last = rounds[rounds.length - 1];
  if (!last) throw new Error('the tree child reported no rounds');
  const of = (f: (r: Round) => number | undefined) => summarize(rounds.map((r) => f(r) ?? NaN));
  return {
    networks: last.networks,
    sandboxes: last.sandboxes,
    endpoints: last.endpoints,
    rows: last.rows,
    setupS,
    connectMs: of((r) => r.connectMs),
    lsMs: of((r) => r.lsMs),
    itemsMs: of((r) => r.itemsMs),
    totalMs: of((r) => r.totalMs),
    cpuMs: of((r) => r.cpuMs),
    docker:
      'notMeasured' in docker
        ? docker
        : { networks: last.dockerNetworks ?? 0, ms: of((r) => r.dockerMs), cpuMs: of((r) => r.dockerCpuMs) },
  };
}
