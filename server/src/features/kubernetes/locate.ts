import type { PNode, Span } from '../../yaml/tree';
import type { K8sObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';

/** One step from an object's root to the node under the cursor. */
export interface Step {
  key: string | number;
  node: PNode | null;
  /** True when the cursor is on the key itself (`targetPort:`), not its value. */
  onKey: boolean;
  keySpan?: Span;
}

export interface Located {
  obj: K8sObject;
  steps: Step[];
  /** The innermost node (a scalar under the cursor, usually). */
  node: PNode | null;
}

const inside = (s: Span, file: string, offset: number): boolean =>
  s.file === file && s.start <= offset && offset <= s.end;

/** The object and the path of keys to the node at `offset` in `file`. */
export function locate(project: K8sProject, file: string, offset: number): Located | undefined {
  const obj = project.objects.find((o) => inside(o.node.span, file, offset));
  if (obj === undefined) return undefined;
  const steps: Step[] = [];
  let cur: PNode | null = obj.node;
  for (let depth = 0; depth < 64 && cur !== null; depth++) {
    let next: Step | undefined;
    if (cur.kind === 'map') {
      for (const e of cur.entries) {
        if (inside(e.keySpan, file, offset))
          next = { key: e.key, node: e.value, onKey: true, keySpan: e.keySpan };
        else if (e.value !== null && inside(e.value.span, file, offset))
          next = { key: e.key, node: e.value, onKey: false, keySpan: e.keySpan };
        if (next) break;
      }
    } else if (cur.kind === 'seq') {
      const i = cur.items.findIndex((it) => inside(it.span, file, offset));
      const item = cur.items[i];
      if (item !== undefined) next = { key: i, node: item, onKey: false };
    }
    if (next === undefined) break;
    steps.push(next);
    if (next.onKey) break;
    cur = next.node;
  }
  return { obj, steps, node: steps[steps.length - 1]?.node ?? obj.node };
}

/** The keys of the path as `spec.ports[0].targetPort`. */
export function fieldPath(steps: Step[]): string {
  return steps
    .map((s) => (typeof s.key === 'number' ? `[${s.key}]` : `.${s.key}`))
    .join('')
    .replace(/^\./, '');
}
