// The body of a spawn thread. Its *text* is the thread's script (`spawnWorkerSource`): the same function
// works under tsx and in the esbuild bundle (dist/engine.js has no separate file a Worker could load). So it
// must be self-contained: Node built-ins through require(), no names from outside the function (the imports
// below are types only, erased).
import type * as ChildProcesses from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type * as WorkerThreads from 'node:worker_threads';
import type { SessionSpec } from './command';
import type { SpawnJob, SpawnOutcome, WorkerRequest } from './spawn-protocol';

export function spawnWorkerMain(runOneShot: OneShot): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { parentPort } = require('node:worker_threads') as typeof WorkerThreads;
  const { spawn } = require('node:child_process') as typeof ChildProcesses;
  /* eslint-enable @typescript-eslint/no-require-imports */
  type Child = ChildProcessWithoutNullStreams;
  type Reply = (o: SpawnOutcome) => void;
  if (!parentPort) return;
  const port = parentPort;

  const start = (job: SpawnJob): { child: Child; forkMs: number } => {
    const t0 = performance.now();
    const child = spawn(job.file, job.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined);
    return { child, forkMs: performance.now() - t0 };
  };

  /** One process per job: stdin in, everything out at exit (the same function the inline runner uses). */
  const oneShot = (job: SpawnJob, reply: Reply): void => {
    void runOneShot(spawn, job).then(reply);
  };

  // Sessions: one long-lived batch process per key (a namespace) answers job after job. A job's lines are
  // followed by the spec's `end` line, whose output (a line starting with `mark`) says the job is done. A
  // job fails when the tool exits first (`ip` without -force stops at a failing line: that session ends
  // too) or when it wrote anything to stderr before the mark (`nft -i` reports the failed transaction and
  // goes on).
  interface Session {
    key: string;
    child: Child;
    spec: SessionSpec;
    busy: boolean;
    /** Lines written before the current job: the tool numbers lines from the session's start. */
    lines: number;
    out: string;
    err: string;
    /** The current job's output once its end mark came (its verdict waits a turn for stderr). */
    ended?: string;
    /** Killed because a job got no answer in time. */
    timedOut?: boolean;
    current?: { reply: Reply; forkMs: number; base: number; timer?: ReturnType<typeof setTimeout> };
    idle?: ReturnType<typeof setTimeout>;
    closed: Promise<void>;
  }
  const sessions = new Map<string, Session>();
  const MAX_SESSIONS = 8;
  /** A job whose end never comes (a tool that prints its end line differently) fails instead of hanging. */
  const SESSION_JOB_TIMEOUT_MS = 15_000;
  /** How long a new session may take to answer its empty first job. */
  const PROBE_TIMEOUT_MS = 3_000;
  /** Tools (argv and end line) whose sessions never answered: their jobs run as processes of their own. */
  const noSessions = new Set<string>();

  const finish = (s: Session, exitCode: number, stdout: string): void => {
    const cur = s.current;
    if (!cur) return;
    s.current = undefined;
    s.ended = undefined;
    s.busy = false;
    if (cur.timer) clearTimeout(cur.timer);
    // "Command failed -:57" counts from the session's first line; the caller wants its own job's line.
    const stderr = s.err.replace(
      /(Command failed -:)(\d+)/g,
      (_m, p: string, n: string) => `${p}${Number(n) - cur.base}`,
    );
    s.out = '';
    s.err = '';
    cur.reply({ exitCode, stdout, stderr, forkMs: cur.forkMs, reused: cur.forkMs === 0 });
  };

  const end = (s: Session): void => {
    if (sessions.get(s.key) === s) sessions.delete(s.key);
    if (s.idle) clearTimeout(s.idle);
    s.child.stdin.end();
  };

  const open = (job: SpawnJob, spec: SessionSpec): { s: Session; forkMs: number } => {
    const [file, ...args] = spec.argv ?? [job.file, ...job.args];
    const { child, forkMs } = start({ ...job, file: file as string, args });
    let closed!: () => void;
    const s: Session = {
      key: spec.key,
      child,
      spec,
      busy: false,
      lines: 0,
      out: '',
      err: '',
      closed: new Promise((r) => (closed = r)),
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      s.out += text;
      // The end line's output (a whole line starting with the mark) closes the job; what came before is its.
      const nl = s.out.indexOf(`\n${spec.mark}`);
      const at = s.out.startsWith(spec.mark) ? 0 : nl < 0 ? -1 : nl + 1;
      if (at < 0 || s.out.indexOf('\n', at) < 0) return;
      const out = s.out.slice(0, at);
      s.out = '';
      s.ended = out;
      // What the tool wrote to stderr before the mark is readable now (it wrote it first), but its pipe
      // may be read later in this turn of the event loop: the verdict waits for the next turn.
      setImmediate(() => {
        finish(s, s.err === '' ? 0 : 1, out);
        if (sessions.get(s.key) === s && !s.busy) s.idle = setTimeout(() => end(s), spec.idleMs);
      });
    });
    child.stderr.on('data', (text: string) => (s.err += text));
    child.on('error', (e) => (s.err += String(e.message)));
    child.on('close', (code, signal) => {
      if (sessions.get(s.key) === s) sessions.delete(s.key);
      if (s.idle) clearTimeout(s.idle);
      // Released while a job ran: the job was answered before the tool exited. Otherwise the tool ended
      // before the job's end line: it failed, even if it exited 0 (its stdin closed first).
      if (s.ended !== undefined) finish(s, s.err === '' ? 0 : 1, s.ended);
      else {
        if (s.current && code === 0)
          s.err += `${s.spec.argv?.[0] ?? s.child.spawnfile} ended before answering\n`;
        finish(s, code === 0 ? 1 : (code ?? (signal ? 128 : 1)), s.out);
      }
      closed();
    });
    sessions.set(spec.key, s);
    // Least recently used first (a Map keeps insertion order; a used session is moved to the end).
    for (const old of sessions.values()) {
      if (sessions.size <= MAX_SESSIONS) break;
      if (!old.busy) end(old);
    }
    return { s, forkMs };
  };

  /** Writes one job (its lines, then the end line) to a session that is free. */
  const send = (s: Session, text: string, reply: Reply, forkMs: number, timeoutMs: number): void => {
    const lines = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    s.busy = true;
    if (s.idle) clearTimeout(s.idle);
    const timer = setTimeout(() => {
      s.err += `no answer from ${s.spec.argv?.[0] ?? s.child.spawnfile} within ${timeoutMs} ms\n`;
      s.timedOut = true;
      s.child.kill('SIGKILL');
    }, timeoutMs);
    s.current = { reply, forkMs, base: s.lines, timer };
    s.lines += lines.split('\n').length;
    s.child.stdin.write(`${lines}${s.spec.end}\n`);
  };

  const inSession = (job: SpawnJob, spec: SessionSpec, reply: Reply): void => {
    // The tool as this spec runs it: its argv (or program) and its end line.
    const tool = `${spec.argv?.join(' ') ?? job.file}\n${spec.end}\n${spec.mark}`;
    const s = sessions.get(spec.key);
    // Busy (two jobs for one namespace at once): the second runs as a process of its own, as before.
    if (s?.busy || noSessions.has(tool)) return oneShot(job, reply);
    const timeoutMs = job.timeoutMs ?? SESSION_JOB_TIMEOUT_MS;
    if (s) {
      sessions.delete(spec.key);
      sessions.set(spec.key, s);
      return send(s, job.stdin, reply, 0, timeoutMs);
    }
    // A new session answers an empty job first: a tool that holds its output until it exits (an old
    // iproute2 may) never answers it, and then this tool's jobs run as processes of their own.
    const opened = open(job, spec);
    const fresh = opened.s;
    send(
      fresh,
      '',
      (probe) => {
        if (probe.exitCode === 0 && sessions.get(spec.key) === fresh && !fresh.child.stdin.writableEnded)
          return send(fresh, job.stdin, reply, opened.forkMs, timeoutMs);
        if (fresh.timedOut) noSessions.add(tool);
        end(fresh);
        // The tool failed as a session but does the job as a process (an nft built without its CLI): it
        // is not asked to be a session again. (When the process fails too, the job itself was at fault.)
        oneShot(job, (outcome) => {
          if (outcome.exitCode === 0) noSessions.add(tool);
          reply(outcome);
        });
      },
      opened.forkMs,
      PROBE_TIMEOUT_MS,
    );
  };

  port.on('message', (msg: WorkerRequest) => {
    const reply: Reply = (outcome) => port.postMessage({ id: msg.id, outcome });
    if ('release' in msg) {
      const s = sessions.get(msg.release);
      if (!s) return reply({ exitCode: 0, stdout: '', stderr: '', forkMs: 0 });
      // A job still running finishes first: its output ends it, then stdin's end makes the tool exit.
      sessions.delete(msg.release);
      if (s.idle) clearTimeout(s.idle);
      s.child.stdin.end();
      void s.closed.then(() => reply({ exitCode: 0, stdout: '', stderr: '', forkMs: 0 }));
      return;
    }
    const { job } = msg;
    if (job.session) inSession(job, job.session, reply);
    else oneShot(job, reply);
  });
}

/**
 * The thread's script: the function above, called. tsx (tests) compiles with esbuild's keepNames, which
 * wraps named functions in a `__name` helper defined at the top of the module, not in the function: the
 * script defines a no-op one. The bundle does not keep names, so there the line does nothing.
 */
export const spawnWorkerSource = (): string =>
  `var __name = (f) => f;\n(${spawnWorkerMain.toString()})(${runOneShot.toString()});`;

type OneShot = typeof runOneShot;

/**
 * One process for one job: stdin in, stdout and stderr out at exit, bounded in time and output (killed past
 * either, the reason added to stderr, exit 128). Used by the spawn threads (its text is passed into the
 * thread's script, so like `spawnWorkerMain` it names nothing from outside) and by the inline runner.
 */
export function runOneShot(spawnProcess: typeof ChildProcesses.spawn, job: SpawnJob): Promise<SpawnOutcome> {
  const t0 = performance.now();
  const child = spawnProcess(job.file, job.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // spawn() forks and waits for the exec synchronously: the event loop stands still meanwhile.
  const forkMs = performance.now() - t0;
  child.stdin.on('error', () => undefined);
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let bytes = 0;
    let why = '';
    const stop = (reason: string) => {
      if (!why) why = reason;
      child.kill('SIGKILL');
    };
    const timer = job.timeoutMs
      ? setTimeout(() => stop(`killed: no exit within ${job.timeoutMs} ms`), job.timeoutMs)
      : undefined;
    const keep = (to: Buffer[]) => (b: Buffer) => {
      bytes += b.length;
      if (job.maxOutputBytes !== undefined && bytes > job.maxOutputBytes)
        return stop(`killed: output over ${job.maxOutputBytes} bytes`);
      to.push(b);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    child.on('error', (e) => err.push(Buffer.from(String(e.message))));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (why) err.push(Buffer.from(`\n${job.file}: ${why}\n`));
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
