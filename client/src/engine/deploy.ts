import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { Transport } from '../hosts/transport';

/** Where the engine lives on a host; the defaults are the design's. */
export interface EngineLocation {
  socket: string;
  stateDir: string;
  logFile: string;
  /** Folder the bundle is copied to, one file per bundle hash. */
  installDir: string;
  /** Prefix of every kernel object the daemon makes, so several daemons can share a machine. */
  prefix: string;
}

export const defaultLocation: EngineLocation = {
  socket: '/run/switchyard/engine.sock',
  stateDir: '/var/lib/switchyard',
  logFile: '/var/log/switchyard-engine.log',
  installDir: '/var/lib/switchyard/bin',
  prefix: 'sy',
};

export type Progress = (message: string) => void;

/** A step of deploying failed; the message says what to do. */
export class DeployError extends Error {}

const MIN_NODE_MAJOR = 20;

/**
 * Makes sure the bundled engine runs on the host: Node 20 or later present, the bundle uploaded (checked by
 * hash), the daemon started as root (directly when we are root, else through `sudo -n`), and restarted when it
 * runs another bundle. Returns how to reach its socket.
 */
export async function ensureEngine(
  transport: Transport,
  bundle: Buffer,
  location: EngineLocation = defaultLocation,
  progress: Progress = () => {},
): Promise<() => Promise<Duplex>> {
  progress('checking Node.js on the host');
  const node = await findNode(transport);
  const root = (await transport.exec(['id', '-u'])).stdout.trim() === '0';
  const sudo = root ? [] : ['sudo', '-n'];
  const hash = createHash('sha256').update(bundle).digest('hex');
  const path = `${location.installDir}/engine-${hash.slice(0, 16)}.js`;

  progress('uploading the engine');
  await upload(transport, sudo, bundle, path, hash);

  progress('starting the engine');
  const running = await runningEnginePid(transport, sudo, node, path, location.socket);
  if (running !== undefined && !running.cmdline.includes(path)) {
    await transport.exec([...sudo, 'kill', String(running.pid)]);
  }
  if (running === undefined || !running.cmdline.includes(path)) {
    await start(transport, sudo, node, path, location);
  }
  return root
    ? () => transport.openSocket(location.socket)
    : () => transport.execStream([...sudo, node, path, 'stdio', '--socket', location.socket]);
}

async function findNode(transport: Transport): Promise<string> {
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

async function upload(
  transport: Transport,
  sudo: string[],
  bundle: Buffer,
  path: string,
  hash: string,
): Promise<void> {
  const have = await transport.exec([...sudo, 'sha256sum', path]);
  if (have.code === 0 && have.stdout.startsWith(hash)) return;
  const dir = path.slice(0, path.lastIndexOf('/'));
  const mk = await transport.exec([...sudo, 'mkdir', '-p', '-m', '0700', dir]);
  if (mk.code !== 0) throw sudoOr(mk.stderr, `cannot create ${dir}`, sudo);
  const put = await transport.exec([...sudo, 'tee', path], bundle);
  if (put.code !== 0) throw sudoOr(put.stderr, `cannot write ${path}`, sudo);
  const check = await transport.exec([...sudo, 'sha256sum', path]);
  if (!check.stdout.startsWith(hash))
    throw new DeployError(`the uploaded engine at ${path} does not match its hash; try again`);
}

/** The daemon answering on `socket`, if any, asked through the uploaded CLI (which speaks every API version). */
async function runningEnginePid(
  transport: Transport,
  sudo: string[],
  node: string,
  path: string,
  socket: string,
): Promise<{ pid: number; cmdline: string } | undefined> {
  const r = await transport.exec([...sudo, node, path, '--socket', socket, 'version']);
  if (r.code !== 0) return undefined;
  const pid = Number(/"pid":\s*(\d+)/.exec(r.stdout)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const cmd = await transport.exec([...sudo, 'cat', `/proc/${pid}/cmdline`]);
  return { pid, cmdline: cmd.stdout.replace(/\0/g, ' ') };
}

async function start(
  transport: Transport,
  sudo: string[],
  node: string,
  path: string,
  loc: EngineLocation,
): Promise<void> {
  // The daemon outlives this exec channel: setsid detaches it, and its output goes to the log file. The one
  // shell here only redirects; every value reaches it as a positional argument, never inside the script text.
  const r = await transport.exec([
    ...sudo,
    'sh',
    '-c',
    'log=$1; shift; mkdir -p "$(dirname "$log")" && exec setsid -f "$@" >>"$log" 2>&1 </dev/null',
    'sh',
    loc.logFile,
    node,
    path,
    'daemon',
    '--socket',
    loc.socket,
    '--state-dir',
    loc.stateDir,
    '--prefix',
    loc.prefix,
  ]);
  if (r.code !== 0) throw sudoOr(r.stderr, 'the engine did not start', sudo);
  for (let i = 0; i < 100; i++) {
    const probe = await transport.exec([...sudo, node, path, '--socket', loc.socket, 'version']);
    if (probe.code === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new DeployError(
    `the engine did not open ${loc.socket} within 10 s; see ${loc.logFile} on ${transport.label}`,
  );
}

function sudoOr(stderr: string, what: string, sudo: string[]): DeployError {
  if (sudo.length > 0 && /password is required|a terminal is required/.test(stderr)) {
    return new DeployError(
      `${what}: sudo needs a password on this host; allow passwordless sudo for node, or connect as root`,
    );
  }
  return new DeployError(`${what}: ${stderr.trim() || 'no output'}`);
}
