// What a spawn thread (spawn-thread.ts) and its worker (spawn-worker.ts) send each other.
import type { CommandResult, SessionSpec } from './command';

/** What a spawn thread runs: argv already wrapped for its namespace, stdin, an optional kill timeout. */
export interface SpawnJob {
  file: string;
  args: string[];
  stdin: string;
  timeoutMs?: number;
  /** Bytes of stdout plus stderr kept; beyond it the process is killed and the job fails saying so. */
  maxOutputBytes?: number;
  /** Run in the session of this spec (started with file and args when there is none). */
  session?: SessionSpec;
}

/** A job's result, with what the thread saw of it. */
export interface SpawnOutcome extends CommandResult {
  /** How long spawn() held the thread that called it (fork + exec); 0 when a session answered. */
  forkMs: number;
  /** A running session answered: no process was started. */
  reused?: boolean;
}

/** Messages a thread takes: a job to run, or a session to end (answered once its process has exited). */
export type WorkerRequest = { id: number; job: SpawnJob } | { id: number; release: string };
