// Process and namespace helpers for the DNS tests and benchmark: argument arrays only, every namespace
// and process remembered so that cleanup removes exactly what this process made (and a crash before
// cleanup still leaves nothing: see the exit hook).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(argv: readonly string[], timeoutMs = 120_000, input?: string): Promise<RunResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.reject(new Error('run: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    if (child.stdin) {
      child.stdin.on('error', () => {}); // a program that exits without reading: its exit code tells
      child.stdin.end(input);
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout, stderr });
    });
  });
}

export async function runOk(argv: readonly string[], timeoutMs?: number, input?: string): Promise<string> {
  const r = await run(argv, timeoutMs, input);
  if (r.code !== 0) throw new Error(`${argv.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).trim()}`);
  return r.stdout;
}

export function which(name: string): boolean {
  const dirs = (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => {
    try {
      accessSync(`${dir}/${name}`, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const isRoot = (): boolean => process.getuid?.() === 0;
export const isCI = (): boolean => process.env['CI'] === 'true' || process.env['CI'] === '1';

/** Polls `fn` until it returns something truthy; never a fixed sleep. */
export async function waitFor<T>(
  fn: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(25);
  }
}

const live = new Set<string>();

export interface Netns {
  name: string;
  argv(cmd: readonly string[]): string[];
  execOk(cmd: readonly string[], timeoutMs?: number): Promise<string>;
  delete(): Promise<void>;
}

export function uniqueName(prefix: string, max = 15): string {
  const tail = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  return `${prefix.slice(0, Math.max(1, max - tail.length))}${tail}`.slice(0, max);
}

export async function createNetns(prefix: string): Promise<Netns> {
  const name = uniqueName(`${prefix}-`, 32);
  await runOk(['ip', 'netns', 'add', name]);
  live.add(name);
  const ns: Netns = {
    name,
    argv: (cmd) => ['ip', 'netns', 'exec', name, ...cmd],
    execOk: (cmd, timeoutMs) => runOk(['ip', 'netns', 'exec', name, ...cmd], timeoutMs),
    delete: () => deleteNetns(name),
  };
  await ns.execOk(['ip', 'link', 'set', 'lo', 'up']);
  return ns;
}

/** Kills what runs inside (only our processes can be there) and removes the namespace. Idempotent. */
async function deleteNetns(name: string): Promise<void> {
  if (!live.has(name)) return;
  const pids = await run(['ip', 'netns', 'pids', name]);
  for (const pid of pids.stdout.split(/\s+/).filter(Boolean)) killQuietly(Number(pid));
  await run(['ip', 'netns', 'del', name]);
  live.delete(name);
}

/** A veth pair from `a` to `b` (created in `a`, so the root namespace is never touched). */
export async function vethPair(
  a: Netns,
  b: Netns,
  bAddress: string,
): Promise<{ hostEnd: string; peer: string }> {
  const hostEnd = uniqueName('vh');
  const peer = uniqueName('vp');
  await a.execOk(['ip', 'link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', peer, 'netns', b.name]);
  await b.execOk(['ip', 'addr', 'add', bAddress, 'dev', peer]);
  await b.execOk(['ip', 'link', 'set', peer, 'up']);
  await a.execOk(['ip', 'link', 'set', hostEnd, 'up']);
  return { hostEnd, peer };
}

export interface Background {
  pid: number;
  child: ChildProcess;
  output(): string;
  exited(): boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a process we own; stop() kills that PID only and waits for it. */
export function startBackground(argv: readonly string[]): Background {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('startBackground: empty argv');
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`cannot start ${cmd}`);
  let log = '';
  let done = false;
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void closed.then(() => (done = true));
  child.stdout.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.on('error', (err) => (log += `\n[spawn error] ${err.message}\n`));
  return {
    pid: child.pid,
    child,
    output: () => log,
    exited: () => done,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (done) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

process.on('exit', () => {
  for (const name of live) {
    const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split(/\s+/).filter(Boolean)) killQuietly(Number(pid));
    spawnSync('ip', ['netns', 'del', name]);
  }
});
