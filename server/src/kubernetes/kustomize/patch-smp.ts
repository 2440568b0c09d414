import { isMap, isScalar, isSeq, str } from '../../yaml/tree';
import type { PMap, PNode, PSeq } from '../../yaml/tree';
import { lastValue, withEntry, withoutEntry } from './tree-edit';

/**
 * Strategic-merge patch on the positioned tree, for the lists that matter to networking: maps merge key
 * by key, `null` deletes a key, lists of named things merge by their merge key (containers by `name`,
 * container ports by `containerPort`, Service ports by `port`, env and volumes by `name`), `$patch: delete`
 * removes a list item or a map, `$patch: replace` replaces; other lists are replaced, as kustomize does.
 */
export function strategicMerge(target: PMap, patch: PMap, path: string[] = []): PMap {
  if (str(lastValue(patch, '$patch')) === 'replace') return withoutEntry(patch, '$patch');
  let out = target;
  for (const e of patch.entries) {
    if (e.key === '$patch') continue;
    const cur = lastValue(out, e.key);
    const v = e.value;
    if (v === null || (isScalar(v) && v.value === null)) {
      out = withoutEntry(out, e.key);
    } else if (isMap(v) && str(lastValue(v, '$patch')) === 'delete') {
      out = withoutEntry(out, e.key);
    } else if (isMap(v) && isMap(cur)) {
      out = withEntry(out, e.key, strategicMerge(cur, v, [...path, e.key]), e.keySpan);
    } else if (isSeq(v) && isSeq(cur)) {
      const key = mergeKeyFor([...path, e.key], cur, v);
      out = withEntry(
        out,
        e.key,
        key === undefined ? v : mergeList(cur, v, key, [...path, e.key]),
        e.keySpan,
      );
    } else {
      out = withEntry(out, e.key, v, e.keySpan);
    }
  }
  return out;
}

/** The patchMergeKey of the list at `path` (by its last key), when its items are maps. */
function mergeKeyFor(path: string[], cur: PSeq, patch: PSeq): string | undefined {
  const last = path[path.length - 1];
  if (!cur.items.every(isMap) || !patch.items.every(isMap)) return undefined;
  switch (last) {
    case 'containers':
    case 'initContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      // Container ports merge by containerPort, Service ports by port.
      return path.includes('containers') || path.includes('initContainers') ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

function keyOf(n: PNode, key: string): string | undefined {
  return str(lastValue(n, key));
}

/**
 * kustomize (kyaml) orders a merged list as `kubectl kustomize` prints it: the patch's items first, in the
 * patch's order (merged into the matching item when there is one), then the items the patch did not name.
 */
function mergeList(cur: PSeq, patch: PSeq, key: string, path: string[]): PSeq {
  const rest = [...cur.items];
  const front: PNode[] = [];
  for (const p of patch.items) {
    if (!isMap(p)) continue;
    const k = keyOf(p, key);
    const i = k === undefined ? -1 : rest.findIndex((it) => keyOf(it, key) === k);
    const existing = i >= 0 ? rest[i] : undefined;
    if (i >= 0) rest.splice(i, 1);
    if (str(lastValue(p, '$patch')) === 'delete') continue;
    front.push(isMap(existing) ? strategicMerge(existing, p, path) : p);
  }
  return { ...cur, items: [...front, ...rest] };
}
