import type { NetworkModel } from '../../../compose/project';
import { entry, isMap, str } from '../../../yaml/tree';
import type { PEntry } from '../../../yaml/tree';

/** The `external` entry of a network and, in the deprecated object form, its `name`. */
export function externalOf(net: NetworkModel): { entry: PEntry; name: PEntry | undefined } | undefined {
  const e = entry(net.node, 'external');
  if (!e) return undefined;
  return { entry: e, name: isMap(e.value) ? entry(e.value, 'name') : undefined };
}

export function nameOf(net: NetworkModel): PEntry | undefined {
  const e = entry(net.node, 'name');
  return str(e?.value) === undefined ? undefined : e;
}
