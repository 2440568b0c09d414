import type { Rule } from '../../rule';
import { forNetwork } from '../created';
import { get, isScalar, str } from '../../../yaml/tree';
import { managedNetworks } from '../model';

/**
 * `driver: host` or `driver: null` on a network Compose would create: the engine allows one instance of
 * each, and it already exists. The service-level way is `network_mode: host` / `none`.
 */
export const NET043: Rule = {
  id: 'NET043',
  title: 'Second host or null network',
  scope: 'networks',
  run({ project, report }) {
    for (const net of managedNetworks(project)) {
      const node = get(net.node, 'driver');
      const d = str(node);
      if (!isScalar(node) || (d !== 'host' && d !== 'null')) continue;
      const mode = d === 'host' ? 'host' : 'none';
      report(
        forNetwork(project, net, {
          code: 'NET043',
          severity: 'error',
          message: `only one instance of "${d}" network is allowed (network "${net.key}"); use network_mode: ${mode} on the services instead`,
          at: node.span,
        }),
      );
    }
  },
};
