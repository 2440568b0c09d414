import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Command, CommandResult, Runner } from './command';
import { DEFAULT_COMMAND_LIMITS, inNetns } from './command';
import type { SpawnJob } from './spawn-protocol';
import { runOneShot } from './spawn-worker';
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
    if (cmd.procSys && !cmd.netns) {
      const result = procSys(cmd.procSys);
      this.observe?.(cmd, result, performance.now() - started, 0, false);
      return result;
    }
    if (cmd.etcFile && !cmd.netns) {
      const result = etcFile(cmd.etcFile);
      this.observe?.(cmd, result, performance.now() - started, 0, false);
      return result;
    }
    const [file, ...args] = inNetns(cmd);
    const job: SpawnJob = {
      file: file as string,
      args,
      stdin: cmd.stdin ?? '',
      // Sessions keep their own answer timeout; one-shot processes get the default limits.
      timeoutMs: cmd.timeoutMs ?? (cmd.session ? undefined : DEFAULT_COMMAND_LIMITS.timeoutMs),
      maxOutputBytes: cmd.maxOutputBytes ?? DEFAULT_COMMAND_LIMITS.maxOutputBytes,
      // The session's own argv enters the namespace as the command's would.
      session: cmd.session && {
        ...cmd.session,
        argv: cmd.session.argv && inNetns({ ...cmd, argv: cmd.session.argv }),
      },
    };
    // Sessions live in the spawn threads; inline, every command is a process of its own.
    const { forkMs, reused, ...result } = await (this.threads?.run(job) ?? runOneShot(spawn, job));
    this.observe?.(cmd, result, performance.now() - started, forkMs, reused === true);
    return result;
  }

  async release(key: string): Promise<void> {
    await this.threads?.release(key);
  }
}

/** /proc/sys of our own namespace, in-process: it is memory, a process would cost ~5 ms. */
function procSys(p: NonNullable<Command['procSys']>): CommandResult {
  const file = `/proc/sys/${p.path}`;
  try {
    if (p.op === 'write') writeFileSync(file, p.value ?? '');
    const stdout =
      p.op === 'read'
        ? readFileSync(file, 'utf8')
        : p.op === 'list'
          ? `${readdirSync(file).join('\n')}\n`
          : '';
    return { exitCode: 0, stdout, stderr: '' };
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${p.op} /proc/sys/${p.path}: ${(e as Error).message}` };
  }
}

/** /etc/netns and /etc/resolv.conf, in-process: a few small page-cache writes (no fsync: reconcile rewrites them). */
function etcFile(f: NonNullable<Command['etcFile']>): CommandResult {
  try {
    let stdout = '';
    if (f.op === 'read') stdout = readFileSync(f.path, 'utf8');
    else if (f.op === 'write') writeFileSync(f.path, f.content ?? '');
    else if (f.op === 'mkdir') mkdirSync(f.path, { recursive: true });
    else if (f.op === 'remove') rmSync(f.path, { recursive: true, force: true });
    else
      stdout = readdirSync(f.path)
        .map((n) => `${n}\n`)
        .join('');
    return { exitCode: 0, stdout, stderr: '' };
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${f.op} ${f.path}: ${(e as Error).message}` };
  }
}
