import type { PNode } from '../yaml/tree';

/**
 * What a rule reads of one service body, as paths of keys (`Rule.reads`, ../rules/rule.ts), turned into a
 * text that is equal for two bodies exactly when those parts of them are: same keys, same values (typed,
 * interpolated, as written, quoted or not, tags; keys written as long), same files they were written in.
 * Positions are left out: a kept finding follows its body when text moves (anchors.ts).
 *
 * A path is keys joined by `.`:
 * - `ports`: the whole value under `ports`;
 * - `networks.*.aliases`: under each entry of `networks` (its key too) or each item of a list, `aliases`;
 * - `networks#`: the value shallowly: a mapping's keys (and the kind of each value, not the value), a
 *   list's scalar items (and the kind of the others), a scalar whole;
 * - `networks%`: the shape at every depth: every mapping's keys (as written: their length too), lists'
 *   lengths, and of a scalar only that it is one (a rule about keys, NET009, is not run again for a value).
 */
export function readsText(body: PNode | null | undefined, paths: readonly string[]): string {
  const out: Out = { parts: [], seen: new Map() };
  const file = body?.span.file ?? '';
  for (const path of paths) {
    out.parts.push('\u0002', path);
    const mode = path.endsWith('#') ? 'shallow' : path.endsWith('%') ? 'shape' : 'whole';
    const keys = (mode === 'whole' ? path : path.slice(0, -1)).split('.');
    follow(body, keys, 0, mode, file, out);
  }
  return out.parts.join('\u0001');
}

/**
 * The text so far, and the mappings and lists already written: YAML aliases share one subtree in several
 * places (nested ones exponentially many), so a subtree met again is written as a reference to the first
 * time, which keeps the text as long as the source. The same sharing gives the same text; other sharing
 * only makes the rule run again.
 */
interface Out {
  parts: string[];
  seen: Map<unknown, number>;
  /** Scalars are written as their kind only (`%` paths). */
  shape?: boolean;
}

type Mode = 'whole' | 'shallow' | 'shape';

function follow(
  node: PNode | null | undefined,
  keys: string[],
  i: number,
  mode: Mode,
  file: string,
  out: Out,
): void {
  if (i === keys.length) {
    out.shape = mode === 'shape';
    write(node, mode === 'shallow' ? 1 : Infinity, file, out);
    out.shape = false;
    return;
  }
  if (node === null || node === undefined || node.kind === 'scalar') return;
  const key = keys[i] ?? '';
  if (key === '*') {
    if (node.kind === 'map') {
      for (const e of node.entries) {
        out.parts.push('k', e.key);
        follow(e.value, keys, i + 1, mode, node.span.file, out);
      }
    } else {
      for (const item of node.items) {
        out.parts.push('i');
        follow(item, keys, i + 1, mode, node.span.file, out);
      }
    }
    return;
  }
  if (node.kind !== 'map') return;
  // Every entry of the key, in order: a rule may read the first or the last of duplicates.
  for (const e of node.entries) {
    if (e.key !== key) continue;
    out.parts.push('e', e.keySpan.file === node.span.file ? '' : e.keySpan.file);
    follow(e.value, keys, i + 1, mode, node.span.file, out);
  }
}

/** A node as text, `depth` levels down (a value below that by its kind only). */
function write(node: PNode | null | undefined, depth: number, file: string, out: Out): void {
  const parts = out.parts;
  if (node === undefined) {
    parts.push('-');
    return;
  }
  if (node === null) {
    parts.push('~');
    return;
  }
  parts.push(node.span.file === file ? '' : `@${node.span.file}`, node.tag ?? '');
  if (node.kind === 'scalar') {
    if (out.shape === true) {
      parts.push('s');
      return;
    }
    const v = node.value;
    parts.push('s', typeof v, String(v), node.quoted ? 'q' : '', node.source);
    if (node.vars) for (const x of node.vars) parts.push('v', x.name, x.unset ? 'u' : '');
    return;
  }
  if (depth <= 0) {
    parts.push(node.kind === 'map' ? 'M' : 'S');
    return;
  }
  // Only whole subtrees are shared by reference (a shallow one is written to one level, never again).
  const list = node.kind === 'map' ? node.entries : node.items;
  if (depth === Infinity) {
    const before = out.seen.get(list);
    if (before !== undefined) {
      parts.push('r', String(before));
      return;
    }
    out.seen.set(list, out.seen.size);
  }
  const f = node.span.file;
  if (node.kind === 'map') {
    parts.push('{', String(node.entries.length));
    for (const e of node.entries) {
      // The key's length as written tells `1:` from `"1":` (NET009 reads that), not its position.
      parts.push(
        e.key,
        String(e.keySpan.end - e.keySpan.start),
        e.keySpan.file === f ? '' : `@${e.keySpan.file}`,
      );
      write(e.value, depth - 1, f, out);
    }
    parts.push('}');
  } else {
    parts.push('[', String(node.items.length));
    for (const item of node.items) write(item, depth - 1, f, out);
    parts.push(']');
  }
}
