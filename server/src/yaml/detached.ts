// One home for the string copy that both the incremental parse (fastyaml.ts) and the key index (tree.ts)
// need; its own module so that tree.ts does not import reparse.ts (which imports tree.ts's types).

/**
 * A copy of a string that does not keep the text it was sliced from alive (V8 slices strings of 13+).
 * An incremental parse copies every string of its fresh values (keys, values, sources), so a value kept
 * across edits pins no later text: only the strings of the last full parse point into its text, one copy
 * of the file at most. That is why no parse needs to be full again after a number of incremental ones.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
