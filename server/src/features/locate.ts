import type { PNode, Span } from '../yaml/tree';

/** One step from a file's root down to the node under the cursor. */
export interface Step {
  /** Map key, or item index in a sequence. */
  key: string | number;
  /** The value under that key or index; null for `key:` with nothing after it. */
  node: PNode | null;
  /** Where the key is written (maps only). */
  keySpan?: Span;
}

export interface Located {
  steps: Step[];
  /** True when the cursor is on the last step's key rather than in its value. */
  onKey: boolean;
}

const inside = (s: Span, offset: number): boolean => s.start <= offset && offset <= s.end;

/** The path of keys from `root` to the innermost node whose text contains `offset`. */
export function locate(root: PNode | null, offset: number): Located {
  const steps: Step[] = [];
  let node: PNode | null = root;
  while (node !== null) {
    const next = childAt(node, offset);
    if (next === undefined) break;
    steps.push(next.step);
    if (next.onKey) return { steps, onKey: true };
    node = next.step.node;
  }
  return { steps, onKey: false };
}

function childAt(node: PNode, offset: number): { step: Step; onKey: boolean } | undefined {
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (e.keySpan.file === node.span.file && inside(e.keySpan, offset)) {
        return { step: { key: e.key, node: e.value, keySpan: e.keySpan }, onKey: true };
      }
      if (e.value !== null && e.value.span.file === node.span.file && inside(e.value.span, offset)) {
        return { step: { key: e.key, node: e.value, keySpan: e.keySpan }, onKey: false };
      }
    }
    return undefined;
  }
  if (node.kind === 'seq') {
    const i = node.items.findIndex((it) => it.span.file === node.span.file && inside(it.span, offset));
    const item = node.items[i];
    return item === undefined ? undefined : { step: { key: i, node: item }, onKey: false };
  }
  return undefined;
}

/**
 * Whether a located path matches a pattern of keys, where `*` matches any key and `#` any sequence index.
 * Matches a prefix of the path of the pattern's length only when `exact` is false.
 */
export function matches(loc: Located, pattern: string[], exact = true): boolean {
  if (exact ? loc.steps.length !== pattern.length : loc.steps.length < pattern.length) return false;
  return pattern.every((p, i) => {
    const k = loc.steps[i]?.key;
    if (p === '*') return typeof k === 'string';
    if (p === '#') return typeof k === 'number';
    return k === p;
  });
}

export function keyAt(loc: Located, i: number): string | undefined {
  const k = loc.steps[i]?.key;
  return typeof k === 'string' ? k : undefined;
}
