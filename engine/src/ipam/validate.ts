import { prefixesOverlap } from '@switchyard/core';
import type { Prefix } from '@switchyard/core';

// Request checks with Docker's texts come from core/src/net (validateIpam); this is only the overlap of
// subnets within one request, which the engine refuses too.

/** Two subnets of one request list that overlap each other, if any. */
export function overlappingPair(subnets: readonly Prefix[]): [Prefix, Prefix] | undefined {
  for (let i = 0; i < subnets.length; i++)
    for (let j = i + 1; j < subnets.length; j++) {
      const a = subnets[i] as Prefix;
      const b = subnets[j] as Prefix;
      if (prefixesOverlap(a, b)) return [a, b];
    }
  return undefined;
}
