import type { Rule } from './rule';
import { ipamFindings } from './addresses/ipam-findings';

/** An IPv6 subnet without `enable_ipv6: true` (auto-enabled only by Engine 25 and later; contradictory with an explicit false). */
export const NET038: Rule = {
  id: 'NET038',
  title: 'IPv6 subnet without enable_ipv6',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET038')) report(f);
  },
};
