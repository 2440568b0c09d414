import { spawn } from 'node:child_process';
import type { Command, CommandResult, Runner } from './command';
import { inNetns } from './command';
import type { SpawnJob, SpawnOutcome } from './spawn-thread';
import type { SpawnThreads } from './spawn-thread';

/**
 * Observes every command (the daemon logs them at debug level); `forkMs`: how long spawn() held its thread,
 * `reused`: a running session answered it (no process started).
 */
export type CommandObserver = (
  cmd: Command,
  result: CommandResult,
  ms: number,
  forkMs: number,
  reused: boolean,
) => void;

/**
 * Executes commands on this host with spawn (argument arrays only), from spawn threads when given; commands
 * that allow it are answered by the threads' long-lived sessions.
 */
export class LocalRunner implements Runner {
  constructor(
    private readonly observe?: CommandObserver,
    private readonly threads?: SpawnThreads,
  ) {}

  async run(cmd: Command): Promise<CommandResult> {
    const started = performance.now();
    const [file, ...args] = inNetns(cmd);
    const job: SpawnJob = {
      file: file as string,
      args,
      stdin: cmd.stdin ?? '',
      timeoutMs: cmd.timeoutMs,
      // The session's own argv enters the namespace as the command's would.
      session: cmd.session && {
        ...cmd.session,
        argv: cmd.session.argv && inNetns({ ...cmd, argv: cmd.session.argv }),
      },
    };
    // Sessions live in the spawn threads; inline, every command is a process of its own.
    const { forkMs, reused, ...result } = await (this.threads?.run(job) ?? spawnInline(job));
    this.observe?.(cmd, result, performance.now() - started, forkMs, reused === true);
    return result;
  }

  async release(key: string): Promise<void> {
    await this.threads?.release(key);
  }
}

function spawnInline(job: SpawnJob): Promise<SpawnOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(job.file, job.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    // spawn() forks and waits for the exec synchronously: the event loop stands still meanwhile.
    const forkMs = performance.now() - started;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = job.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), job.timeoutMs) : undefined;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => err.push(Buffer.from(String(e.message))));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        forkMs,
      });
    });
    child.stdin.end(job.stdin);
  });
}
