/** Async mutexes by key: per-network and per-sandbox locks so unrelated operations run in parallel. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async lock<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    // Sorted, de-duplicated keys: every caller takes locks in the same order, so no deadlock.
    const ordered = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of ordered) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
