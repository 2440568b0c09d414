/** A process to run, as data: builders return these, one runner executes them (never a shell line). */
export interface Command {
  argv: string[];
  /** Written to the process's stdin (for `ip -batch -` and `nft -f -`). */
  stdin?: string;
  /** Run inside this named network namespace (`/run/netns/<name>`) instead of the engine's own. */
  netns?: string;
  /** Killed after this long (default: DEFAULT_COMMAND_LIMITS.timeoutMs), the result says so. */
  timeoutMs?: number;
  /** Output kept (stdout + stderr, default DEFAULT_COMMAND_LIMITS.maxOutputBytes); beyond it: killed. */
  maxOutputBytes?: number;
  /** May be answered by a long-lived batch process (`SessionSpec` below, run by exec/spawn-thread.ts); see `ipBatch`. */
  session?: SessionSpec;
  /**
   * The same effect as `argv` for a /proc/sys read, write or listing (exec/sysctl.ts): the local runner
   * does it in-process instead of starting a process, when the command is for its own namespace.
   */
  procSys?: { op: 'read' | 'write' | 'list'; path: string; value?: string };
  /**
   * The same effect as `argv` for a file of /etc/netns or a read of /etc/resolv.conf (exec/etc-files.ts): the
   * local runner does it in-process instead of starting a process.
   */
  etcFile?: { op: 'read' | 'write' | 'mkdir' | 'remove' | 'list'; path: string; content?: string };
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Runner {
  run(cmd: Command): Promise<CommandResult>;
  /** Ends the session of this key, if any, once its process has exited (before its namespace is deleted). */
  release?(key: string): Promise<void>;
}

/** No kernel command runs or prints without bound: a hung `ip` or a runaway `exec` ends, saying why. */
export const DEFAULT_COMMAND_LIMITS = { timeoutMs: 120_000, maxOutputBytes: 16 * 1024 * 1024 };

/** Thrown when a command exits non-zero; says which command and what the tool printed. */
export class CommandError extends Error {
  constructor(
    readonly cmd: Command,
    readonly result: CommandResult,
  ) {
    const where = cmd.netns ? ` in netns ${cmd.netns}` : '';
    const out = (result.stderr || result.stdout).trim().split('\n').slice(0, 6).join('; ');
    super(`${cmd.argv.join(' ')}${where} failed (exit ${result.exitCode}): ${out}`);
  }
}

/** Runs and throws CommandError on a non-zero exit. */
export async function check(runner: Runner, cmd: Command): Promise<CommandResult> {
  const result = await runner.run(cmd);
  if (result.exitCode !== 0) throw new CommandError(cmd, result);
  return result;
}

/** Wraps a command so it runs in a namespace via nsenter (cheaper than `ip netns exec`, keeps our mounts). */
export function inNetns(cmd: Command): string[] {
  if (!cmd.netns) return cmd.argv;
  return ['nsenter', `--net=/run/netns/${cmd.netns}`, '--', ...cmd.argv];
}

/**
 * A long-lived batch process (`ip -batch -`, `nft -i`) that answers job after job instead of one process each:
 * `key` names it (a namespace), `end` is the line written after each job's lines, and a line of output
 * starting with `mark` says the job is done. It ends after `idleMs` without a job.
 */
export interface SessionSpec {
  key: string;
  end: string;
  mark: string;
  idleMs: number;
  /** The long-lived process's own argv when it differs from the one-shot job's (`nft -i`, not `nft -f -`). */
  argv?: string[];
}
