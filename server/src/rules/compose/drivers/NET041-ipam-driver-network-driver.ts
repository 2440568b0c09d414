import type { Rule } from '../../rule';
import { forNetwork } from '../created';
import { at, isScalar, str } from '../../../yaml/tree';
import { managedNetworks } from '../model';

/** Network driver names that people put under `ipam.driver`, where only IPAM drivers belong. */
const NETWORK_DRIVERS = new Set(['bridge', 'host', 'overlay', 'macvlan', 'ipvlan', 'none']);

/**
 * `ipam.driver: bridge` (or another network driver): the engine looks for an IPAM plugin of that name and
 * fails. IPAM drivers are `default`, `null` or a plugin.
 */
export const NET041: Rule = {
  id: 'NET041',
  title: 'Network driver used as IPAM driver',
  scope: 'networks',
  run({ project, report }) {
    for (const net of managedNetworks(project)) {
      const node = at(net.node, 'ipam', 'driver');
      const d = str(node);
      if (!isScalar(node) || d === undefined || !NETWORK_DRIVERS.has(d)) continue;
      report(
        forNetwork(project, net, {
          code: 'NET041',
          severity: 'error',
          message: `could not find plugin ${d} in v1 plugin registry: plugin not found (network "${net.key}": "${d}" is a network driver; ipam.driver takes default, null or an IPAM plugin)`,
          at: node.span,
          fix: { kind: 'replace', title: 'Use the default IPAM driver', text: 'default' },
        }),
      );
    }
  },
};
