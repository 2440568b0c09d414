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
 *   list's scalar items (and the kind of the others), a scalar whole.
 */
export function readsText(body: PNode | null | undefined, paths: readonly string[]): string {
  const out: string[] = [];
  const file = body?.span.file ?? '';
  for (const path of paths) {
    out.push('\u0002', path);
    const shallow = path.endsWith('#');
    const keys = (shallow ? path.slice(0, -1) : path).split('.');
    follow(body, keys, 0, shallow, file, out);
  }
  return out.join('\u0001');
}

function follow(
  node: PNode | null | undefined,
  keys: string[],
  i: number,
  shallow: boolean,
  file: string,
  out: string[],
): void {
  if (i === keys.length) {
    write(node, shallow ? 1 : Infinity, file, out);
    return;
  }
  if (node === null || node === undefined || node.kind === 'scalar') return;
  const key = keys[i] ?? '';
  if (key === '*') {
    if (node.kind === 'map') {
      for (const e of node.entries) {
        out.push('k', e.key);
        follow(e.value, keys, i + 1, shallow, node.span.file, out);
      }
    } else {
      for (const item of node.items) {
        out.push('i');
        follow(item, keys, i + 1, shallow, node.span.file, out);
      }
    }
    return;
  }
  if (node.kind !== 'map') return;
  // Every entry of the key, in order: a rule may read the first or the last of duplicates.
  for (const e of node.entries) {
    if (e.key !== key) continue;
    out.push('e', e.keySpan.file === node.span.file ? '' : e.keySpan.file);
    follow(e.value, keys, i + 1, shallow, node.span.file, out);
  }
}

/** A node as text, `depth` levels down (a value below that by its kind only). */
function write(node: PNode | null | undefined, depth: number, file: string, out: string[]): void {
  if (node === undefined) {
    out.push('-');
    return;
  }
  if (node === null) {
    out.push('~');
    return;
  }
  out.push(node.span.file === file ? '' : `@${node.span.file}`, node.tag ?? '');
  if (node.kind === 'scalar') {
    const v = node.value;
    out.push('s', typeof v, String(v), node.quoted ? 'q' : '', node.source);
    if (node.vars) for (const x of node.vars) out.push('v', x.name, x.unset ? 'u' : '');
    return;
  }
  if (depth <= 0) {
    out.push(node.kind === 'map' ? 'M' : 'S');
    return;
  }
  const f = node.span.file;
  if (node.kind === 'map') {
    out.push('{', String(node.entries.length));
    for (const e of node.entries) {
      // The key's length as written tells `1:` from `"1":` (NET009 reads that), not its position.
      out.push(
        e.key,
        String(e.keySpan.end - e.keySpan.start),
        e.keySpan.file === f ? '' : `@${e.keySpan.file}`,
      );
      write(e.value, depth - 1, f, out);
    }
    out.push('}');
  } else {
    out.push('[', String(node.items.length));
    for (const item of node.items) write(item, depth - 1, f, out);
    out.push(']');
  }
}
