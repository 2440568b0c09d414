import type { PEntry, PNode } from './tree';

/**
 * `<<: *anchor` (or a list of anchors) contributes the anchored maps' entries, one per key: a map earlier in
 * the list wins over a later one (YAML merge keys, as yaml.v3 in compose-go), and the map's own keys, read
 * last-wins after these, win over all. One entry per key also keeps nested merges from growing
 * exponentially.
 */
export function mergeKeyEntries(value: PNode): PEntry[] {
  const sources = value.kind === 'seq' ? value.items : [value];
  const byKey = new Map<string, PEntry>();
  for (let i = sources.length - 1; i >= 0; i--) {
    const s = sources[i];
    if (s?.kind !== 'map') continue;
    for (const e of s.entries) {
      byKey.delete(e.key);
      byKey.set(e.key, e);
    }
  }
  return [...byKey.values()];
}
