/**
 * A pure function of a text, remembered by text. The language server re-analyses the whole project on every
 * keystroke and nearly every address, port spec and expose entry is unchanged, so each text is parsed once.
 * Results are shared, never mutated. Bounded: past `limit` texts the memory starts afresh.
 */
export function memoByText<T>(fn: (text: string) => T, limit = 20_000): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    let r = memo.get(text);
    if (r === undefined) {
      if (memo.size >= limit) memo.clear();
      r = fn(text);
      memo.set(text, r);
    }
    return r;
  };
}

/**
 * A WeakMap's `get`/`set`/`has`/`delete` for facts kept per tree node or per service (a dozen of them, on
 * every service of a project of 100,000): the value is stored on the key itself, in a non-enumerable property
 * of the memo's own symbol, so it lives exactly as long as the key, as in a WeakMap, and copies (`{...x}`),
 * `JSON.stringify` and deep equality do not see it. A WeakMap entry costs the garbage collector an ephemeron
 * to trace on every collection and its table rehashes as it grows (issue 12: `switchyard lint` on 100,000
 * services).
 */
export class NodeMemo<K extends object, V> {
  private readonly slot = Symbol('switchyard.memo');

  get(key: K): V | undefined {
    return (key as Record<symbol, V | undefined>)[this.slot];
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    const holder = key as Record<symbol, V | undefined>;
    if (this.slot in holder) holder[this.slot] = value;
    else Object.defineProperty(key, this.slot, { value, enumerable: false, writable: true });
    return this;
  }

  delete(key: K): boolean {
    const had = this.get(key) !== undefined;
    if (had) (key as Record<symbol, V | undefined>)[this.slot] = undefined;
    return had;
  }
}
