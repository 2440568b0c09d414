import { validateIpam } from '@switchyard/core';
import { ipamOf, managedNetworks } from './model';
import { memoByProject } from './cache';
import { forNetwork } from './created';

/**
 * The engine's IPAM validation of every network Compose would create, with Compose's texts for syntax
 * errors (its own parser runs before the engine's). External networks are not created, so not checked;
 * errors on networks no service uses are warnings (`forNetwork`).
 */
export const ipamFindings = memoByProject((project) =>
  managedNetworks(project).flatMap((n) =>
    validateIpam(ipamOf(n), { texts: 'compose' }).map((f) => forNetwork(project, n, f)),
  ),
);
