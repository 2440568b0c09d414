import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import type { Logger } from '../log/logger';
import type { SandboxRecord } from '../model/types';

interface Running {
  child?: ChildProcess;
  restarts: number;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

/** Restart delay after the n-th exit: 0.5 s doubling, 10 s at most (swarm restarts failed tasks too). */
const backoffMs = (n: number) => Math.min(500 * 2 ** n, 10_000);
const STOP_GRACE_MS = 2_000;

/**
 * A service's `command`, one per replica sandbox: started inside the replica's namespace (nsenter --net)
 * and tied to the daemon by `setpriv --pdeathsig KILL`, so a daemon killed -9 takes its replicas' processes
 * with it (as the namespaces they hold would otherwise stay alive). Unlike the engine's bounded commands
 * (exec/), these run as long as the replica does: restarted when they exit, SIGTERM then SIGKILL when the
 * replica goes. The process sees SWITCHYARD_SERVICE, SWITCHYARD_REPLICA (NAME.SLOT), SWITCHYARD_SLOT and
 * SWITCHYARD_HOST in its environment.
 */
export class ReplicaProcesses {
  private readonly running = new Map<string, Running>();

  constructor(private readonly log: Logger) {}

  has(sandboxId: string): boolean {
    return this.running.has(sandboxId);
  }

  ensure(sb: SandboxRecord, argv: readonly string[], env: Record<string, string>): void {
    if (this.running.has(sb.id)) return;
    const r: Running = { restarts: 0, stopped: false };
    this.running.set(sb.id, r);
    this.start(sb, argv, env, r);
  }

  private start(sb: SandboxRecord, argv: readonly string[], env: Record<string, string>, r: Running): void {
    const child = spawn(
      'nsenter',
      [`--net=/run/netns/${sb.netns}`, '--', 'setpriv', '--pdeathsig', 'KILL', '--', ...argv],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env },
      },
    );
    r.child = child;
    let tail = '';
    child.stderr?.on('data', (b: Buffer) => (tail = (tail + b.toString()).slice(-400)));
    child.on('error', (e) =>
      this.log.warn('service command could not start', { sandbox: sb.name, error: e.message }),
    );
    child.on('exit', (code, signal) => {
      r.child = undefined;
      if (r.stopped) return;
      const delay = backoffMs(r.restarts++);
      this.log.warn('service command exited; restarting', {
        sandbox: sb.name,
        code,
        signal,
        stderr: tail.trim().split('\n').pop(),
        inMs: delay,
      });
      r.timer = setTimeout(() => !r.stopped && this.start(sb, argv, env, r), delay);
    });
  }

  /** Ends a replica's process (before its namespace goes: a process would keep the namespace alive). */
  async stop(sandboxId: string): Promise<void> {
    const r = this.running.get(sandboxId);
    if (!r) return;
    this.running.delete(sandboxId);
    r.stopped = true;
    clearTimeout(r.timer);
    const child = r.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((res) => child.once('exit', res));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(t);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }
}
