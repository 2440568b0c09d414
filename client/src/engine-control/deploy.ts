import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Transport } from '../transport/transport';
import type { RememberedSecret } from '../transport/secrets';
import { requireRootFolder } from './folder-safety';
import { becomeRoot, DeployError } from './sudo';
import type { RootRunner } from './sudo';
import { clusterDaemonArgs } from './cluster-membership';
import type { ClusterMembership } from './cluster-membership';
import { SETTINGS } from '../settings/schema';

export { DeployError };

/** Where the engine lives on a host; the defaults are the design's. */
export interface EngineLocation {
  socket: string;
  stateDir: string;
  logFile: string;
  /** Folder the bundle is copied to, one file per bundle hash. */
  installDir: string;
  /** Prefix of every kernel object the daemon makes, so several daemons can share a machine. */
  prefix: string;
  /** The cluster this host's engine joins (overlay networks); none: a single-host engine. */
  cluster?: ClusterMembership;
}

export const defaultLocation: EngineLocation = {
  socket: SETTINGS['engine.socket'].default,
  stateDir: SETTINGS['engine.stateDir'].default,
  logFile: SETTINGS['engine.logFile'].default,
  installDir: SETTINGS['engine.installDir'].default,
  prefix: SETTINGS['engine.prefix'].default,
};

export type Progress = (message: string) => void;

const MIN_NODE_MAJOR = 20;

// The socket is root's (mode 0600); a user who is not root reaches it through this bridge run as root: stdin to
// the socket, the socket to stdout. Node is on the host anyway, so nothing else (socat, nc -U) is needed. The
// socket path comes in as an argument, never inside the script text.
const socketBridge = [
  'const s = require("net").connect(process.argv[1]);',
  's.on("connect", () => { process.stdin.pipe(s); s.pipe(process.stdout); });',
  's.on("error", (e) => { process.stderr.write(e.message + "\\n"); process.exit(1); });',
  's.on("close", () => process.exit(0));',
].join(' ');

/**
 * Makes sure the bundled engine runs on the host: Node 20 or later present, the bundle uploaded (checked by
 * hash), the daemon started as root (directly when we are root, else through `sudo -n`, else through sudo with
 * the password asked by `sudoPassword`), and restarted when it runs another bundle. Returns how to reach its
 * socket.
 */
export async function ensureEngine(
  transport: Transport,
  bundle: Buffer,
  location: EngineLocation = defaultLocation,
  progress: Progress = () => {},
  sudoPassword: RememberedSecret | undefined = transport.sudoPassword,
): Promise<() => Promise<Duplex>> {
  progress('checking Node.js on the host');
  const node = await findNode(transport);
  const root = await becomeRoot(transport, sudoPassword);
  const hash = createHash('sha256').update(bundle).digest('hex');
  const path = `${location.installDir}/engine-${hash.slice(0, 16)}.js`;

  // Root runs the bundle from installDir and trusts what stateDir holds: both must be root's alone.
  await requireRootFolder(root, 'switchyard.engine.installDir', location.installDir);
  await requireRootFolder(root, 'switchyard.engine.stateDir', location.stateDir);

  progress('uploading the engine');
  await upload(root, bundle, path, hash);

  progress('starting the engine');
  const argv = daemonArgv(node, path, location);
  const running = await runningEnginePid(root, node, path, location.socket);
  // Another bundle, or another cluster (joined or left): the daemon is restarted with these flags. Other flags
  // of a daemon started by hand (an upstream DNS, a log level) are not a reason to restart it.
  const current =
    running !== undefined &&
    running.argv.includes(path) &&
    sameFlags(clusterFlags(running.argv), clusterDaemonArgs(location.cluster));
  if (running !== undefined && !current) {
    progress(location.cluster ? 'restarting the engine in the cluster' : 'restarting the engine');
    await stopDaemon(root, running.pid);
  }
  if (!current) await start(root, transport.label, node, path, argv, location);
  return root.via === 'root'
    ? () => transport.openSocket(location.socket)
    : () => root.execStream([node, '-e', socketBridge, location.socket]);
}

/**
 * How to reach an engine that already runs, without asking the user anything (connecting, reconnecting): the
 * socket directly when we are root, else the bridge through `sudo -n` or a saved sudo password. Undefined when
 * becoming root would need a prompt; the caller then waits for the user to run Deploy.
 */
export async function reachRunningEngine(
  transport: Transport,
  location: EngineLocation,
  sudoPassword: RememberedSecret | undefined = transport.sudoPassword?.savedOnly(),
): Promise<(() => Promise<Duplex>) | undefined> {
  const root = await becomeRoot(transport, sudoPassword).catch(() => undefined);
  if (!root) return undefined;
  return root.via === 'root'
    ? () => transport.openSocket(location.socket)
    : () => root.execStream(['node', '-e', socketBridge, location.socket]);
}

export async function findNode(transport: Transport): Promise<string> {
  const r = await transport.exec(['node', '--version']);
  const major = /^v(\d+)\./.exec(r.stdout.trim())?.[1];
  if (r.code !== 0 || major === undefined) {
    throw new DeployError(
      `Node.js is not installed on ${transport.label}; install Node ${MIN_NODE_MAJOR} or later (for example from your distribution's nodejs package or NodeSource) and connect again`,
    );
  }
  if (Number(major) < MIN_NODE_MAJOR) {
    throw new DeployError(
      `${transport.label} has Node ${r.stdout.trim()}; the engine needs Node ${MIN_NODE_MAJOR} or later: upgrade it and connect again`,
    );
  }
  return 'node';
}

export async function upload(root: RootRunner, bundle: Buffer, path: string, hash: string): Promise<void> {
  const have = await root.exec(['sha256sum', path]);
  if (have.code === 0 && have.stdout.startsWith(hash)) return;
  const dir = path.slice(0, path.lastIndexOf('/'));
  const mk = await root.exec(['mkdir', '-p', '-m', '0700', dir]);
  if (mk.code !== 0) throw failed(mk.stderr, `cannot create ${dir}`);
  const put = await root.exec(['tee', path], bundle);
  if (put.code !== 0) throw failed(put.stderr, `cannot write ${path}`);
  const check = await root.exec(['sha256sum', path]);
  if (!check.stdout.startsWith(hash))
    throw new DeployError(`the uploaded engine at ${path} does not match its hash; try again`);
}

/** The daemon answering on `socket`, if any, asked through the uploaded CLI (which speaks every API version). */
async function runningEnginePid(
  root: RootRunner,
  node: string,
  path: string,
  socket: string,
): Promise<{ pid: number; argv: string[] } | undefined> {
  const r = await root.exec([node, path, '--socket', socket, 'version']);
  if (r.code !== 0) return undefined;
  const pid = Number(/"pid":\s*(\d+)/.exec(r.stdout)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmd = await root.exec(['cat', `/proc/${pid}/cmdline`]);
  return { pid, argv: cmd.stdout.split('\0').filter((a) => a !== '') };
}

/** The cluster flags of a daemon's command line (`--cluster-store X`, `--advertise-addr`, each store option). */
export function clusterFlags(argv: string[]): string[] {
  const out: string[] = [];
  const names = new Set(['--cluster-store', '--advertise-addr', '--cluster-store-opt']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && names.has(a.slice(0, eq))) out.push(a.slice(0, eq), a.slice(eq + 1));
    else if (names.has(a) && i + 1 < argv.length) out.push(a, argv[++i] as string);
  }
  return out;
}

const sameFlags = (a: string[], b: string[]) => {
  const pairs = (x: string[]) =>
    x
      .flatMap((v, i) => (i % 2 === 0 ? [`${v} ${x[i + 1]}`] : []))
      .sort()
      .join('\n');
  return pairs(a) === pairs(b);
};

/** The daemon's command line. */
export function daemonArgv(node: string, path: string, loc: EngineLocation): string[] {
  return [
    node,
    path,
    'daemon',
    '--socket',
    loc.socket,
    '--state-dir',
    loc.stateDir,
    '--prefix',
    loc.prefix,
    ...clusterDaemonArgs(loc.cluster),
  ];
}

/** Stops the daemon by its pid and waits (10 s at most) until it is gone, so the new one gets the socket. */
async function stopDaemon(root: RootRunner, pid: number): Promise<void> {
  await root.exec(['kill', String(pid)]);
  for (let i = 0; i < 100; i++) {
    if ((await root.exec(['kill', '-0', String(pid)])).code !== 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new DeployError(`the running engine (pid ${pid}) did not stop within 10 s; stop it and deploy again`);
}

async function start(
  root: RootRunner,
  label: string,
  node: string,
  path: string,
  argv: string[],
  loc: EngineLocation,
): Promise<void> {
  // The daemon outlives this exec channel: setsid detaches it, and its output goes to the log file. The one
  // shell here only redirects; every value reaches it as a positional argument, never inside the script text.
  const r = await root.exec([
    'sh',
    '-c',
    'log=$1; shift; mkdir -p "$(dirname "$log")" && exec setsid -f "$@" >>"$log" 2>&1 </dev/null',
    'sh',
    loc.logFile,
    ...argv,
  ]);
  if (r.code !== 0) throw failed(r.stderr, 'the engine did not start');
  for (let i = 0; i < 100; i++) {
    const probe = await root.exec([node, path, '--socket', loc.socket, 'version']);
    if (probe.code === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new DeployError(`the engine did not open ${loc.socket} within 10 s; see ${loc.logFile} on ${label}`);
}

function failed(stderr: string, what: string): DeployError {
  return new DeployError(`${what}: ${stderr.trim() || 'no output'}`);
}
