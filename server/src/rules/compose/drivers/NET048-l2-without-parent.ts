import type { Rule } from '../../rule';
import { l2Networks } from './l2';

/**
 * macvlan/ipvlan without `driver_opts.parent`: the engine creates a dummy parent, so the network reaches
 * nothing outside the host (effectively internal). Usually the parent was forgotten.
 */
export const NET048: Rule = {
  id: 'NET048',
  title: 'macvlan/ipvlan without parent',
  scope: 'networks',
  run({ project, report }) {
    for (const l2 of l2Networks(project)) {
      if (l2.opt('parent') || !l2.driverNode) continue;
      report({
        code: 'NET048',
        severity: 'warning',
        message: `${l2.driver} network "${l2.net.key}" has no driver_opts.parent, so the engine gives it a dummy parent link and it reaches nothing outside the host; set parent to the host interface (for example eth0)`,
        at: l2.driverNode.span,
      });
    }
  },
};
