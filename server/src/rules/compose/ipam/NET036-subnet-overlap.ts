import { overlaps } from '@switchyard/core';
import type { Rule } from '../../rule';
import { driverOf, ipamOf, usesDefaultIpam } from '../model';
import { createdNetworks } from '../created';
import { usedSubnets } from './suggest';
import { byPosition } from './order';

/**
 * Subnets that overlap between the project's networks or inside one network's `ipam.config`. An error
 * where the default IPAM refuses the pair in any creation order, a warning where `ip_range` makes it depend
 * on the order (moby#46756). Only networks Compose creates (used by a service) take part. The fix offers
 * a subnet free in the project and on the connected host.
 */
export const NET036: Rule = {
  id: 'NET036',
  title: 'Overlapping subnets',
  scope: 'networks',
  run({ project, host, report }) {
    const nets = createdNetworks(project)
      .filter(usesDefaultIpam)
      .map((n) => ({ ...ipamOf(n), driver: driverOf(n) }));
    const order = byPosition(project);
    for (const f of overlaps(nets, { alsoUsed: usedSubnets(project, host), order })) report(f);
  },
};
