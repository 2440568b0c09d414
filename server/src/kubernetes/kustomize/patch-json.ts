import { get, isMap, isSeq, str } from '../../yaml/tree';
import type { PMap, PNode, PSeq } from '../../yaml/tree';
import { withEntry, withoutEntry } from './tree-edit';

/** Why a JSON 6902 operation could not be applied (kustomize fails the build with a similar text). */
export class PatchError extends Error {}

/**
 * JSON 6902 patches (`add`, `replace`, `remove`, `move`, `copy`, `test`) on the positioned tree,
 * copy-on-write. Paths are JSON pointers (`/spec/ports/0/nodePort`, `-` appends).
 */
export function applyJsonPatch(root: PMap, ops: PNode): PMap {
  if (!isSeq(ops)) throw new PatchError('a JSON 6902 patch must be a list of operations');
  let out: PNode = root;
  for (const op of ops.items) {
    const name = str(get(op, 'op'));
    const path = pointer(str(get(op, 'path')));
    const value = get(op, 'value') ?? null;
    switch (name) {
      case 'add':
        out = edit(out, path, 'add', value);
        break;
      case 'replace':
        out = edit(out, path, 'replace', value);
        break;
      case 'remove':
        out = edit(out, path, 'remove', null);
        break;
      case 'move':
      case 'copy': {
        const from = pointer(str(get(op, 'from')));
        const moved = read(out, from);
        if (moved === undefined) throw new PatchError(`"from" path ${str(get(op, 'from'))} does not exist`);
        if (name === 'move') out = edit(out, from, 'remove', null);
        out = edit(out, path, 'add', moved);
        break;
      }
      case 'test':
        break;
      default:
        throw new PatchError(`unknown JSON patch operation ${JSON.stringify(name ?? '')}`);
    }
  }
  if (!isMap(out)) throw new PatchError('a JSON 6902 patch may not replace the whole object');
  return out;
}

function pointer(p: string | undefined): string[] {
  if (p === undefined || !p.startsWith('/'))
    throw new PatchError(`invalid JSON pointer ${JSON.stringify(p ?? '')}`);
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function read(node: PNode | null | undefined, path: string[]): PNode | undefined {
  let cur: PNode | null | undefined = node;
  for (const k of path) {
    if (isSeq(cur)) cur = cur.items[Number(k)];
    else cur = get(cur, k);
    if (cur === undefined || cur === null) return undefined;
  }
  return cur ?? undefined;
}

function edit(node: PNode, path: string[], op: 'add' | 'replace' | 'remove', value: PNode | null): PNode {
  const [head, ...rest] = path;
  if (head === undefined) {
    if (op === 'remove' || value === null) throw new PatchError('cannot remove the whole object');
    return value;
  }
  if (isMap(node)) {
    const child = get(node, head);
    if (rest.length === 0) {
      if (op === 'remove') {
        if (child === undefined) throw new PatchError(`path /${head} does not exist`);
        return withoutEntry(node, head);
      }
      // kustomize's JSON patch library accepts a replace of a missing key as an add.
      return withEntry(node, head, value);
    }
    if (child === undefined || child === null) throw new PatchError(`path /${path.join('/')} does not exist`);
    return withEntry(node, head, edit(child, rest, op, value));
  }
  if (isSeq(node)) return editSeq(node, head, rest, op, value);
  throw new PatchError(`path /${path.join('/')} goes through a scalar`);
}

function editSeq(
  node: PSeq,
  head: string,
  rest: string[],
  op: 'add' | 'replace' | 'remove',
  value: PNode | null,
): PSeq {
  const items = [...node.items];
  const i = head === '-' ? items.length : Number(head);
  if (!Number.isInteger(i) || i < 0 || i > items.length) throw new PatchError(`index ${head} out of range`);
  if (rest.length > 0) {
    const child = items[i];
    if (child === undefined) throw new PatchError(`index ${head} out of range`);
    items[i] = edit(child, rest, op, value);
  } else if (op === 'add') {
    if (value !== null) items.splice(i, 0, value);
  } else if (op === 'remove') {
    if (i >= items.length) throw new PatchError(`index ${head} out of range`);
    items.splice(i, 1);
  } else if (value !== null) {
    if (i >= items.length) throw new PatchError(`index ${head} out of range`);
    items[i] = value;
  }
  return { ...node, items };
}
