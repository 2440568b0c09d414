import type { Rule } from '../../rule';
import { forNetwork } from '../created';
import { l2Networks } from './l2';

/** macvlan/ipvlan on the loopback interface, which the drivers refuse. */
export const NET049: Rule = {
  id: 'NET049',
  title: 'macvlan/ipvlan parent is loopback',
  scope: 'networks',
  run({ project, report }) {
    for (const l2 of l2Networks(project)) {
      const parent = l2.opt('parent');
      if (parent?.text !== 'lo') continue;
      report(
        forNetwork(project, l2.net, {
          code: 'NET049',
          severity: 'error',
          message: `loopback interface is not a valid ${l2.driver} parent link (network "${l2.net.key}"); use a physical interface such as eth0`,
          at: parent.value.span,
        }),
      );
    }
  },
};
