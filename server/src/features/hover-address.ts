import { addrOf, contains, formatPrefix, masked, prefixOf } from '@switchyard/core';
import type { ComposeProject } from '../compose/project';
import { at, get, isMap, isSeq, str } from '../yaml/tree';

/** A service's static address on a network: which of the network's subnets holds it, or that none does. */
export function addressHover(project: ComposeProject, network: string, address: string): string {
  const ip = addrOf(address);
  if (ip === undefined) return `\`${address}\` is not an IP address`;
  const net = project.networks.find((n) => n.key === network);
  const config = at(net?.node, 'ipam', 'config');
  const subnets = isSeq(config)
    ? config.items.flatMap((c) => {
        const s = isMap(c) ? str(get(c, 'subnet')) : undefined;
        return s === undefined ? [] : [s];
      })
    : [];
  if (subnets.length === 0) {
    return `static address \`${address}\` on network \`${network}\`, which has no subnet of its own: Docker refuses static addresses there`;
  }
  const home = subnets.map(prefixOf).find((p) => p !== undefined && contains(p, ip));
  if (home === undefined) {
    return `static address \`${address}\` is outside every subnet of network \`${network}\` (${subnets.map((s) => `\`${s}\``).join(', ')})`;
  }
  return `static address \`${address}\` in subnet \`${formatPrefix(masked(home))}\` of network \`${network}\``;
}
