import type { Rule } from '../../rule';
import { get, isScalar } from '../../../yaml/tree';
import { createdNetworks } from '../created';
import { driverOf } from '../model';

/**
 * An overlay network that Compose would create: only a swarm manager can. A warning, since the host may
 * well be one. Compose creates only networks an enabled service uses, so an unused one is left to NET026.
 */
export const NET045: Rule = {
  id: 'NET045',
  title: 'Overlay network needs swarm',
  scope: 'networks',
  run({ project, report }) {
    for (const net of createdNetworks(project)) {
      const node = get(net.node, 'driver');
      if (driverOf(net) !== 'overlay' || !isScalar(node)) continue;
      report({
        code: 'NET045',
        severity: 'warning',
        message: `This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again. (network "${net.key}" uses the overlay driver, which needs a swarm manager unless the host is one)`,
        at: node.span,
      });
    }
  },
};
