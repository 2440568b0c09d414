// Test harness of the engine tier: every test gets a throwaway namespace that plays the host, a daemon of
// its own inside it (unique prefix, socket and state dir), and removes all of it afterwards.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EngineClient } from '@switchyard/hostio';
import { isCI } from '../support/env';
import { waitFor } from '../support/wait';

/** The repository root: the nearest folder up from the working directory that has esbuild.mjs. */
function findRoot(dir = process.cwd()): string {
  return existsSync(join(dir, 'esbuild.mjs')) || dirname(dir) === dir ? dir : findRoot(dirname(dir));
}
export const ROOT = findRoot();
export const MAIN = join(ROOT, 'engine/src/main.ts');
/** The bundle that is deployed to hosts (built by `npm test` first): some tests run it instead of the source. */
export const BUNDLE = join(ROOT, 'dist/engine.js');
const TOOLS = ['ip', 'nft', 'nsenter', 'ping'];

/** Why this machine cannot run the tier (undefined = it can). Under CI=true a reason is a failure. */
export function skipReason(extraTools: string[] = []): string | undefined {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push('root');
  for (const t of [...TOOLS, ...extraTools]) if (spawnSync('which', [t]).status !== 0) missing.push(t);
  if (missing.length === 0) return undefined;
  const reason = `engine tests need ${missing.join(', ')} (apt-get install -y nftables iptables iproute2 iputils-ping tcpdump dnsutils)`;
  if (isCI()) throw new Error(`CI=true and ${reason}`);
  return reason;
}

export function sh(argv: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(argv[0] as string, argv.slice(1), { input, encoding: 'utf8' });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
export function must(argv: string[], input?: string): string {
  const r = sh(argv, input);
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * Runs a TypeScript file (through tsx, from the repository root) inside network namespace `ns`: the engine's
 * CLI, or a probe of a test's own.
 */
export function tsxInNetns(
  ns: string,
  file: string,
  args: string[],
): { status: number; stdout: string; stderr: string } {
  return sh([
    'nsenter',
    `--net=/run/netns/${ns}`,
    '--',
    'sh',
    '-c',
    'cd "$1" && shift && exec "$@"',
    'sh',
    ROOT,
    process.execPath,
    '--import',
    'tsx',
    file,
    ...args,
  ]);
}

/** The test tree's one poller (test/support/wait.ts), called here as `waitFor(what, check, ms)`. */
export { waitFor };

/**
 * A real engine host made of a throwaway network namespace: the daemon runs in it and a client talks to it;
 * `close()` removes everything it made. (Not a fake: `FakeRunner` in engine/src/exec is the fake.)
 */
export class NamespaceHost {
  // Two test files run at once (--test-concurrency=2), each with several hosts: four hex digits make two live
  // hosts sharing a prefix (and one's close() removing the other's namespaces) one in 65,536 per pair instead
  // of one in 4,096. Five characters: the engine allows six, and tests derive a second prefix by adding one.
  readonly prefix = `q${randomBytes(2).toString('hex')}`;
  readonly hostNs = `${this.prefix}-host`;
  readonly dir = mkdtempSync(join(tmpdir(), 'sy-engine-'));
  readonly socket = join(this.dir, 'engine.sock');
  readonly stateDir = join(this.dir, 'state');
  daemon?: ChildProcess;
  client?: EngineClient;
  /** What node runs: the source through tsx, or `[BUNDLE]`, the one file deployed to hosts. */
  engineEntry: string[] = ['--import', 'tsx', MAIN];
  private readonly children: ChildProcess[] = [];
  private readonly extraNs: string[] = [];
  log = '';

  /** `setup` runs in the fresh namespace host before the daemon starts (e.g. Docker's firewall rules). */
  static async start(extraArgs: string[] = [], setup?: (h: NamespaceHost) => void): Promise<NamespaceHost> {
    const h = new NamespaceHost();
    try {
      must(['ip', 'netns', 'add', h.hostNs]);
      must(['ip', '-n', h.hostNs, 'link', 'set', 'lo', 'up']);
      setup?.(h);
      await h.startDaemon(extraArgs);
    } catch (e) {
      // The caller never gets `h` to close: a daemon left running would keep the test process alive forever.
      await h.close().catch(() => undefined);
      throw e;
    }
    return h;
  }

  /** nsenter --net (not `ip netns exec`): the daemon keeps the machine's mount namespace, so the
   *  namespaces it creates under /run/netns are visible to the test and survive a kill -9. */
  async startDaemon(extraArgs: string[] = []): Promise<void> {
    if (existsSync(this.socket)) rmSync(this.socket);
    const args = ['--net=/run/netns/' + this.hostNs, '--', process.execPath, ...this.engineEntry, 'daemon'];
    // Never the machine's resolvers: forwarding is off unless a test names its own stub upstream.
    const dns = extraArgs.includes('--upstream-dns') ? [] : ['--upstream-dns', 'none'];
    args.push(
      ...dns,
      '--state-dir',
      this.stateDir,
      '--socket',
      this.socket,
      '--prefix',
      this.prefix,
      '--log-level',
      'debug',
      ...extraArgs,
    );
    const d = spawn('nsenter', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    d.stderr?.on('data', (b: Buffer) => (this.log = (this.log + b.toString()).slice(-200_000)));
    this.daemon = d;
    await waitFor(
      'the daemon socket',
      () =>
        existsSync(this.socket) ||
        (d.exitCode !== null ? Promise.reject(new Error(this.log.slice(-2000))) : false),
      30_000,
    );
    // The socket file appears at bind(), a moment before listen(): a connect in between is refused, so the
    // first connection is retried until it is accepted.
    this.client = await waitFor(
      'the daemon to accept a connection',
      () => EngineClient.open(this.socket),
      10_000,
    );
  }

  /**
   * The host "dies" completely: daemon killed (-9), then its namespace and its sandboxes' namespaces
   * removed, as a machine that lost power; `revive` builds the namespace again (running `setup`) and starts
   * the daemon on the same state dir.
   */
  async vanish(): Promise<void> {
    await this.kill9();
    for (const ns of [...this.ourNamespaces(), this.hostNs]) sh(['ip', 'netns', 'del', ns]);
  }
  async revive(extraArgs: string[] = [], setup?: (h: NamespaceHost) => void): Promise<void> {
    must(['ip', 'netns', 'add', this.hostNs]);
    must(['ip', '-n', this.hostNs, 'link', 'set', 'lo', 'up']);
    setup?.(this);
    await this.startDaemon(extraArgs);
  }

  /** A graceful stop (SIGTERM), as a service manager stops it: resolves once the daemon has exited. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const d = this.daemon;
    this.client?.dispose();
    this.client = undefined;
    // A daemon killed by a signal has exitCode null and signalCode set: it is gone all the same.
    if (!d || d.exitCode !== null || d.signalCode !== null) return;
    const gone = new Promise((r) => d.once('exit', r));
    d.kill(sig);
    await gone;
  }

  get c(): EngineClient {
    if (!this.client) throw new Error('daemon not running');
    return this.client;
  }

  /** Runs argv in the namespace host's namespace. */
  inHost(argv: string[], input?: string) {
    return sh(['nsenter', `--net=/run/netns/${this.hostNs}`, '--', ...argv], input);
  }

  /** A bare namespace of the test's own, removed by close(). */
  addNamespace(name: string): void {
    must(['ip', 'netns', 'add', name]);
    this.extraNs.push(name);
  }

  /** Another namespace of the test's own, linked to the namespace host by a veth (an "outside" machine). */
  addOutside(hostAddr = '198.51.100.1', outsideAddr = '198.51.100.2'): string {
    const ns = `${this.prefix}-out`;
    must(['ip', 'netns', 'add', ns]);
    this.extraNs.push(ns);
    const batch = [
      `link add ${this.prefix}-uh type veth peer name up0 netns ${ns}`,
      `addr add ${hostAddr}/24 dev ${this.prefix}-uh`,
      // IPv6 too (documentation prefix): the host is 2001:db8:5::1, the outside machine 2001:db8:5::2.
      `addr add 2001:db8:5::1/64 dev ${this.prefix}-uh nodad`,
      `link set ${this.prefix}-uh up`,
    ];
    must(['ip', '-n', this.hostNs, '-batch', '-'], batch.join('\n') + '\n');
    must(
      ['ip', '-n', ns, '-batch', '-'],
      [
        'link set lo up',
        `addr add ${outsideAddr}/24 dev up0`,
        'addr add 2001:db8:5::2/64 dev up0 nodad',
        'link set up0 up',
      ].join('\n') + '\n',
    );
    return ns;
  }

  /** A long-running process we started (a server in a sandbox, a foreign listener); killed by close(). */
  spawnIn(netns: string, argv: string[]): ChildProcess {
    const p = spawn('nsenter', [`--net=/run/netns/${netns}`, '--', ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(p);
    return p;
  }

  netnsOf(sandbox: string): Promise<string> {
    return this.c.call('sandbox.inspect', { sandbox }).then((s) => s.netns);
  }

  ourNamespaces(): string[] {
    return sh(['ip', 'netns', 'list'])
      .stdout.split('\n')
      .map((l) => l.split(' ')[0] ?? '')
      .filter((n) => n.startsWith(`${this.prefix}-sb-`));
  }

  /**
   * The daemon's spare namespace (engine/src/ops/spare-netns.ts), from its log file: made, and neither taken
   * by a sandbox nor deleted. The daemon writes "spare namespace making" before the namespace exists, so a
   * namespace listed before this is read is never mistaken for a leak.
   */
  spareNamespaces(): string[] {
    const log = [join(this.stateDir, 'engine.log.1'), join(this.stateDir, 'engine.log')]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'utf8'))
      .join('');
    const spares = new Set<string>();
    for (const m of log.matchAll(/"msg":"spare namespace (making|taken|deleted)","netns":"([^"]+)"/g))
      if (m[1] === 'making') spares.add(m[2] as string);
      else spares.delete(m[2] as string);
    return [...spares];
  }

  /** Our namespaces but the daemon's spare: those of its sandboxes (and any leaked one). */
  sandboxNamespaces(): string[] {
    const all = this.ourNamespaces();
    const spares = new Set(this.spareNamespaces());
    return all.filter((n) => !spares.has(n));
  }

  ourLinks(): string[] {
    const out = this.inHost(['ip', '-o', 'link', 'show']).stdout;
    return [...out.matchAll(/^\d+: ([^:@]+)/gm)]
      .map((m) => m[1] as string)
      .filter((n) => n.startsWith(`${this.prefix}-`) && /-[bvx][0-9a-f]{7}$/.test(n));
  }

  /**
   * Every link of the namespace host that carries our prefix (bridges, veths, macvlan shims, dummy parents). JSON:
   * plain `ip link show` names the namespace of each veth peer by opening every /run/netns entry, and fails
   * while anyone on the machine is half-way through `ip netns add`.
   */
  ourLinksAll(): string[] {
    return this.linksJson()
      .map((l) => l.ifname)
      .filter((n) => n.startsWith(`${this.prefix}-`));
  }

  linksJson(): { ifname: string; link?: string; address?: string }[] {
    const out = this.inHost(['ip', '-json', 'link', 'show']).stdout;
    return JSON.parse(out || '[]') as { ifname: string; link?: string; address?: string }[];
  }

  async close(): Promise<void> {
    for (const p of this.children) if (p.exitCode === null) p.kill('SIGKILL');
    await this.kill9();
    for (const ns of [...this.ourNamespaces(), ...this.extraNs, this.hostNs]) sh(['ip', 'netns', 'del', ns]);
    for (const d of existsSync('/etc/netns') ? readdirSync('/etc/netns') : [])
      if (d.startsWith(`${this.prefix}-`)) rmSync(join('/etc/netns', d), { recursive: true, force: true });
    rmSync(this.dir, { recursive: true, force: true });
    // The daemon's per-prefix lock file (engine/src/daemon/lock.ts); the lock itself died with the daemon.
    for (const f of existsSync('/run/switchyard') ? readdirSync('/run/switchyard') : [])
      if (f === `prefix-${this.prefix}.lock`) rmSync(join('/run/switchyard', f), { force: true });
  }
}

/** Starts a TCP server inside a namespace that answers "hello <remote address>" and waits until it listens. */
export async function tcpServer(h: NamespaceHost, netns: string, port: number): Promise<void> {
  const script = `require('net').createServer((s)=>{s.on('error',()=>{});s.end('hello '+s.remoteAddress)}).listen(${port},()=>console.log('ready'))`;
  const p = h.spawnIn(netns, [process.execPath, '-e', script]);
  await waitFor(
    `server on port ${port}`,
    () => new Promise<boolean>((r) => p.stdout?.once('data', () => r(true))),
    10_000,
  );
}

/** Connects from a namespace and returns what the server said (or the error code). */
export function tcpFetch(netns: string, host: string, port: number): string {
  const script = `const s=require('net').connect(${port},'${host}');let d='';s.on('data',(b)=>d+=b);s.on('end',()=>{console.log(d);process.exit(0)});s.on('error',(e)=>{console.log('ERR '+e.code);process.exit(0)});setTimeout(()=>{console.log('ERR TIMEOUT');process.exit(0)},3000)`;
  return sh(['nsenter', `--net=/run/netns/${netns}`, '--', process.execPath, '-e', script]).stdout.trim();
}
