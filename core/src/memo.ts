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
