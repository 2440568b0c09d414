import { Worker } from 'node:worker_threads';
import type { SpawnJob, SpawnOutcome, WorkerRequest } from './spawn-protocol';
import { spawnWorkerSource } from './spawn-worker';

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
    const lane: Lane = { worker: new Worker(spawnWorkerSource(), { eval: true }), pending: new Map() };
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
    const lane = job.session
      ? this.laneOf(job.session.key)
      : this.lanes.reduce<Lane | undefined>(
          (best, l) => (!best || l.pending.size < best.pending.size ? l : best),
          undefined,
        );
    return lane && this.send(lane, (id) => ({ id, job }));
  }

  /**
   * Ends the session of `key` and resolves once its process has exited (a session inside a namespace keeps
   * that namespace alive: call this before deleting it). Nothing to do when there is none.
   */
  async release(key: string): Promise<void> {
    // Every lane: after a lane died the key may map elsewhere, and an older session could still live.
    await Promise.all(this.lanes.map((lane) => this.send(lane, (id) => ({ id, release: key }))));
  }

  /** A session always lives in the same thread: its key picks the lane. */
  private laneOf(key: string): Lane | undefined {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return this.lanes[h % Math.max(1, this.lanes.length)];
  }

  private send(lane: Lane, request: (id: number) => WorkerRequest): Promise<SpawnOutcome> {
    const id = ++this.nextId;
    // Referenced only while a job is in flight: idle threads never keep a process alive.
    if (lane.pending.size === 0) lane.worker.ref();
    return new Promise((resolve) => {
      lane.pending.set(id, resolve);
      lane.worker.postMessage(request(id));
    });
  }

  /** Stops the threads (tests; the daemon keeps them for its lifetime). */
  async close(): Promise<void> {
    const lanes = this.lanes.splice(0);
    await Promise.all(lanes.map((l) => l.worker.terminate()));
  }
}
