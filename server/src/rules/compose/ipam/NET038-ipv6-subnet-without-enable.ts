import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/**
 * An IPv6 subnet without `enable_ipv6: true` (auto-enabled only by Engine 25 and later; contradictory with
 * an explicit false). Reported at the subnet, its cause; core's "insert enable_ipv6" hint is dropped here
 * because an insert beside the subnet would land inside `ipam.config`, not on the network.
 */
export const NET038: Rule = {
  id: 'NET038',
  title: 'IPv6 subnet without enable_ipv6',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET038')) {
      const { fix: _dropped, ...rest } = f;
      report(rest);
    }
  },
};
