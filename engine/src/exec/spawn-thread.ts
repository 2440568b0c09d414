import { Worker } from 'node:worker_threads';
import type { CommandResult } from './command';

/** What a spawn thread runs: argv already wrapped for its namespace, stdin, an optional kill timeout. */
export interface SpawnJob {
  file: string;
  args: string[];
  stdin: string;
  timeoutMs?: number;
}

export interface SpawnOutcome extends CommandResult {
  /** How long spawn() held the thread that called it (fork + exec). */
  forkMs: number;
}

// Plain JavaScript with Node built-ins only, evaluated as the thread's script: the same text works under tsx
// and in the esbuild bundle (dist/engine.js), which has no separate file a Worker could load.
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { spawn } = require('node:child_process');
parentPort.on('message', ({ id, job }) => {
  const started = performance.now();
  const child = spawn(job.file, job.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const forkMs = performance.now() - started;
  const out = [];
  const err = [];
  const timer = job.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), job.timeoutMs) : undefined;
  child.stdout.on('data', (b) => out.push(b));
  child.stderr.on('data', (b) => err.push(b));
  child.stdin.on('error', () => undefined);
  child.on('error', (e) => err.push(Buffer.from(String(e.message))));
  child.on('close', (code, signal) => {
    if (timer) clearTimeout(timer);
    const exitCode = code ?? (signal ? 128 : 1);
    const stdout = Buffer.concat(out).toString();
    const stderr = Buffer.concat(err).toString();
    parentPort.postMessage({ id, outcome: { exitCode, stdout, stderr, forkMs } });
  });
  child.stdin.end(job.stdin);
});
`;

interface Lane {
  worker: Worker;
  pending: Map<number, (o: SpawnOutcome) => void>;
}

/**
 * Spawns processes from worker threads. Node's spawn() forks and then waits for the child's exec in the
 * calling thread: on a busy machine that held the daemon's event loop for 3-5 ms per process, so the other
 * halves of an operation (the store's fsync, a second process, DNS answers) stood still meanwhile. Each
 * lane is a thread with its own event loop; a job goes to the lane with the fewest jobs in flight, so two
 * processes of one operation are forked at once. A lane that dies answers its jobs with exit code 1 and is
 * not used again; with no lane left, `run` returns undefined and the caller spawns inline.
 */
export class SpawnThreads {
  private readonly lanes: Lane[] = [];
  private nextId = 0;

  constructor(count = 2) {
    for (let i = 0; i < count; i++) this.lanes.push(this.start());
  }

  private start(): Lane {
    const lane: Lane = { worker: new Worker(SOURCE, { eval: true }), pending: new Map() };
    lane.worker.unref();
    lane.worker.on('message', ({ id, outcome }: { id: number; outcome: SpawnOutcome }) => {
      lane.pending.get(id)?.(outcome);
      lane.pending.delete(id);
      if (lane.pending.size === 0) lane.worker.unref();
    });
    const fail = (why: string) => {
      const i = this.lanes.indexOf(lane);
      if (i >= 0) this.lanes.splice(i, 1);
      for (const done of lane.pending.values())
        done({ exitCode: 1, stdout: '', stderr: `spawn thread ${why}`, forkMs: 0 });
      lane.pending.clear();
    };
    lane.worker.on('error', (e) => fail(`failed: ${e.message}`));
    lane.worker.on('exit', (code) => fail(`exited with code ${code}`));
    return lane;
  }

  run(job: SpawnJob): Promise<SpawnOutcome> | undefined {
    const lane = this.lanes.reduce<Lane | undefined>(
      (best, l) => (!best || l.pending.size < best.pending.size ? l : best),
      undefined,
    );
    if (!lane) return undefined;
    const id = ++this.nextId;
    // Referenced only while a job is in flight: idle threads never keep a process alive.
    if (lane.pending.size === 0) lane.worker.ref();
    return new Promise((resolve) => {
      lane.pending.set(id, resolve);
      lane.worker.postMessage({ id, job });
    });
  }

  /** Stops the threads (tests; the daemon keeps them for its lifetime). */
  async close(): Promise<void> {
    const lanes = this.lanes.splice(0);
    await Promise.all(lanes.map((l) => l.worker.terminate()));
  }
}
