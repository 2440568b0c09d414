import { validateIpam, NodeMemo } from '@switchyard/core';
import type { Finding } from '@switchyard/core';
import type { NetworkModel } from '../../../compose/project';
import type { PMap, Span } from '../../../yaml/tree';
import { ipamOf, managedNetworks } from '../network-facts';
import { memoByProject } from '../cache';
import { forNetwork } from '../created';

/**
 * The engine's IPAM validation of every network Compose would create, with Compose's texts for syntax
 * errors (its own parser runs before the engine's). External networks are not created, so not checked;
 * errors on networks no service uses are warnings (`forNetwork`).
 */
export const ipamFindings = memoByProject((project) =>
  managedNetworks(project).flatMap((n) => validated(n).map((f) => forNetwork(project, n, f))),
);

/**
 * Network bodies found valid, with the key they were found valid under. `validateIpam` reads only the body
 * and the key (`ipamOf`), and the editor's parse cache hands back the same body object while its text is
 * unchanged, so an unchanged valid network is not validated again. Nothing is kept for a network with
 * findings, so no finding (or span) is ever reused.
 */
const valid = new NodeMemo<PMap, string>();

function validated(n: NetworkModel): Finding<Span>[] {
  if (n.node !== null && valid.get(n.node) === n.key) return [];
  const found = validateIpam(ipamOf(n), { texts: 'compose' });
  if (found.length === 0 && n.node !== null) valid.set(n.node, n.key);
  return found;
}
