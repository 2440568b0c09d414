import { get, isMap, isSeq, str } from '../yaml/tree';
import type { PNode } from '../yaml/tree';
import { stringMap } from './objects';

/** A `metav1.LabelSelector`: `matchLabels` and `matchExpressions`. */
export interface LabelSelector {
  matchLabels: Map<string, string>;
  expressions: { key: string; operator: string; values: string[] }[];
}

const selectorCache = new WeakMap<object, LabelSelector>();

/** The selector of a `LabelSelector` map, kept by its tree (unchanged objects keep theirs across edits). */
export function labelSelectorOf(n: PNode | null | undefined): LabelSelector | undefined {
  if (!isMap(n)) return undefined;
  const known = selectorCache.get(n);
  if (known !== undefined) return known;
  const fresh = readSelector(n);
  selectorCache.set(n, fresh);
  return fresh;
}

function readSelector(n: PNode): LabelSelector {
  const expressions: LabelSelector['expressions'] = [];
  const list = get(n, 'matchExpressions');
  if (isSeq(list)) {
    for (const e of list.items) {
      const values = get(e, 'values');
      expressions.push({
        key: str(get(e, 'key')) ?? '',
        operator: str(get(e, 'operator')) ?? '',
        values: isSeq(values)
          ? values.items.flatMap((v) => (str(v) === undefined ? [] : [str(v) ?? '']))
          : [],
      });
    }
  }
  return { matchLabels: stringMap(get(n, 'matchLabels')), expressions };
}

/** A plain map selector (Service `spec.selector`): every pair must be in the labels. */
export function mapMatches(selector: Map<string, string>, labels: Map<string, string>): boolean {
  for (const [k, v] of selector) if (labels.get(k) !== v) return false;
  return true;
}

/** `LabelSelectorAsSelector` semantics; an empty selector matches everything. */
export function selectorMatches(s: LabelSelector, labels: Map<string, string>): boolean {
  if (!mapMatches(s.matchLabels, labels)) return false;
  for (const e of s.expressions) {
    const has = labels.has(e.key);
    const v = labels.get(e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(v ?? '')) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(v ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(s: LabelSelector): boolean {
  return s.matchLabels.size === 0 && s.expressions.length === 0;
}

export function formatMap(m: Map<string, string>): string {
  return [...m].map(([k, v]) => `${k}=${v}`).join(',');
}
