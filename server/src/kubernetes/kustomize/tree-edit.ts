import { isMap, isScalar } from '../../yaml/tree';
import type { PEntry, PMap, PNode, PScalar, Span } from '../../yaml/tree';

/**
 * Copy-on-write edits of the positioned tree. Parsed trees are shared with the parse cache (the next
 * keystroke reuses them), so kustomize's transformations never change a node: they build new maps along
 * the edited path and share everything else. New values point at the kustomization text that made them.
 */

export function scalar(value: string | number | boolean | null, span: Span): PScalar {
  return { kind: 'scalar', value, source: String(value ?? ''), quoted: typeof value === 'string', span };
}

export function emptyMap(span: Span): PMap {
  return { kind: 'map', entries: [], span };
}

/** A new map with `key` set to `value` (replacing the last entry with that key, else appended). */
export function withEntry(map: PMap, key: string, value: PNode | null, keySpan?: Span): PMap {
  const entries = [...map.entries];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e?.key === key) {
      entries[i] = { key, keySpan: e.keySpan, value };
      return { ...map, entries };
    }
  }
  entries.push({ key, keySpan: keySpan ?? value?.span ?? map.span, value });
  return { ...map, entries };
}

export function withoutEntry(map: PMap, key: string): PMap {
  return { ...map, entries: map.entries.filter((e: PEntry) => e.key !== key) };
}

/**
 * Sets the value at `path` (keys through maps), creating maps that are missing; `make` gets the current
 * value (undefined when absent) and returns the new one. Returns the new root, or the old one when a
 * non-map stands in the way.
 */
export function updateIn(
  root: PMap,
  path: string[],
  make: (current: PNode | null | undefined) => PNode | null,
  span: Span,
): PMap {
  const [head, ...rest] = path;
  if (head === undefined) return root;
  const current = lastValue(root, head);
  if (rest.length === 0) return withEntry(root, head, make(current), span);
  if (current !== undefined && current !== null && !isMap(current)) return root;
  const child = isMap(current) ? current : emptyMap(span);
  return withEntry(root, head, updateIn(child, rest, make, span), span);
}

/** Adds `labels` to the map at `path` (creating it), keeping the existing values of other keys. */
export function addLabels(root: PMap, path: string[], labels: [string, PScalar][], span: Span): PMap {
  return updateIn(
    root,
    path,
    (cur) => {
      let m = isMap(cur) ? cur : emptyMap(span);
      for (const [k, v] of labels) m = withEntry(m, k, v, v.span);
      return m;
    },
    span,
  );
}

export function lastValue(map: PNode | null | undefined, key: string): PNode | null | undefined {
  if (!isMap(map)) return undefined;
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const e = map.entries[i];
    if (e?.key === key) return e.value;
  }
  return undefined;
}

/** A scalar with a new value but the original's place, for renamed references. */
export function renamed(node: PNode, value: string): PNode {
  return isScalar(node) ? { ...node, value, source: value } : node;
}
