import type { PNode, Span } from './tree';

/**
 * Nodes a document may gain through aliases (beyond what is written). Both parsers share an anchored
 * subtree between its aliases, so the tree stays the size of the text, but anything that walks it path by
 * path meets every share again: ten levels of ten aliases is 10^10 nodes in 700 bytes ("billion laughs").
 * Compose's YAML decoder (yaml.v3) refuses such a file ("document contains excessive aliasing"); so do we,
 * and no rule ever sees its tree.
 */
export const MAX_ALIAS_EXPANSION = 1_000_000;

export interface AliasExcess {
  /** The alias at which the expansion passed the limit. */
  at: Span;
  message: string;
}

/**
 * Walks each shared subtree once (a shared map or sequence keeps its `entries` / `items` array), counting
 * what every later share would add. Undefined while the total stays within `limit`.
 */
export function aliasExcess(root: PNode, limit = MAX_ALIAS_EXPANSION): AliasExcess | undefined {
  const sizes = new Map<unknown, number>();
  let excess = 0;
  let at: Span | undefined;
  const size = (n: PNode): number => {
    if (n.kind === 'scalar' || at !== undefined) return 1;
    const list = n.kind === 'map' ? n.entries : n.items;
    const known = sizes.get(list);
    if (known !== undefined) {
      excess += known;
      if (excess > limit) at = n.span;
      return known;
    }
    sizes.set(list, 1); // an alias inside its own anchor (the parsers cut those off) counts once
    let total = 1;
    if (n.kind === 'map') {
      for (const e of n.entries) total += e.value === null ? 1 : size(e.value) + 1;
    } else {
      for (const item of n.items) total += size(item);
    }
    sizes.set(list, total);
    return total;
  };
  size(root);
  if (at === undefined) return undefined;
  return {
    at,
    message:
      `document contains excessive aliasing: alias expands to more than ${limit.toLocaleString('en-US')} nodes ` +
      `in total; Docker Compose refuses this file. Write the repeated values out, or anchor fewer levels`,
  };
}
