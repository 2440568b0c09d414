import { join } from 'node:path';
import type { State } from '../model/types';
import { StateSchema, emptyState } from '../model/types';
import { readIfExists, writeAtomic } from './atomic-file';
import { KeyedMutex } from './mutex';

/**
 * The engine's state: kept in memory, written atomically to `<stateDir>/state.json` after every change.
 * Writes are serialised and coalesced (a write always carries the latest state), so parallel operations
 * never interleave half-written files.
 */
export class Store {
  readonly locks = new KeyedMutex();
  private writing: Promise<void> = Promise.resolve();
  private pending: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    public state: State,
  ) {}

  static async open(stateDir: string): Promise<Store> {
    const path = join(stateDir, 'state.json');
    const text = await readIfExists(path);
    if (text === undefined) return new Store(path, emptyState());
    const parsed = StateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`state file ${path} is not valid: ${parsed.error.message}`);
    return new Store(path, parsed.data);
  }

  /** Persists the current state; resolves once a write that includes every change made so far is on disk. */
  save(): Promise<void> {
    if (this.pending) return this.pending;
    this.pending = this.writing.then(async () => {
      this.pending = undefined;
      await writeAtomic(this.path, JSON.stringify(this.state, null, 1));
    });
    this.writing = this.pending.catch(() => undefined);
    return this.pending;
  }
}
