import type { Rule } from '../../rule';
import { bool, get, isScalar } from '../../../yaml/tree';
import { driverOf } from '../model';
import { usedNetworkKeys } from '../created';

/**
 * An overlay network without `attachable: true` that a service joins: standalone Compose containers cannot
 * attach to it. One no enabled service uses is never created or attached to (NET026 says it is unused).
 */
export const NET046: Rule = {
  id: 'NET046',
  title: 'Overlay network not attachable',
  scope: 'networks',
  run({ project, report }) {
    const used = usedNetworkKeys(project);
    for (const net of project.networks) {
      const node = get(net.node, 'driver');
      if (driverOf(net) !== 'overlay' || !isScalar(node) || !used.has(net.key)) continue;
      if (bool(get(net.node, 'attachable')) === true) continue;
      const name = net.engineName;
      report({
        code: 'NET046',
        severity: 'warning',
        message: `Could not attach to network ${name}: rpc error: code = PermissionDenied desc = network ${name} not manually attachable (set attachable: true on network "${net.key}")`,
        at: node.span,
        fix: { kind: 'insert', title: 'Set attachable: true', text: 'attachable: true' },
      });
    }
  },
};
