// Running programs from tests: argument arrays only (never a shell line), output captured, and background
// processes tracked so a test stops exactly the PIDs it started.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Kill the process (SIGKILL) after this long. Default 120 s. */
  timeoutMs?: number;
}

/** Runs argv[0] with the rest as arguments; resolves with exit code and output, never rejects on exit code. */
export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.reject(new Error('run: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    if (child.stdin) {
      // A child that exits without reading its input must not turn into an EPIPE in the test process.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** Like run, but rejects with the command and its stderr when the exit code is not 0. */
export async function runOk(argv: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await run(argv, options);
  if (result.code !== 0) {
    throw new Error(`${argv.join(' ')} exited ${result.code}: ${(result.stderr || result.stdout).trim()}`);
  }
  return result.stdout;
}

/** A background process the test started; stop() kills that PID only and waits for it to exit. */
export interface Background {
  child: ChildProcess;
  pid: number;
  /** Everything it wrote so far (stdout and stderr interleaved), for waitFor and for failure messages. */
  output(): string;
  exited(): boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startBackground(argv: readonly string[], options: SpawnOptions = {}): Background {
  const [cmd, ...args] = argv;
  if (cmd === undefined) throw new Error('startBackground: empty argv');
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`cannot start ${cmd}`);
  const pid = child.pid;
  // A test that forgets stop() must not keep its file's process alive forever: the child does not hold the
  // event loop, and whatever is still running when the process exits is killed (it is ours: we started it).
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  running.add(child);
  child.on('close', () => running.delete(child));
  let log = '';
  let done = false;
  const closed = new Promise<void>((resolve) => {
    child.on('close', () => {
      done = true;
      resolve();
    });
  });
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (log += d));
  child.on('error', (err) => (log += `\n[spawn error] ${err.message}\n`));
  return {
    child,
    pid,
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
