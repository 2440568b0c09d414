import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';

/** `ipv6_address` on a network that has no IPv6 (no `enable_ipv6`, no IPv6 subnet). */
export const NET040: Rule = {
  id: 'NET040',
  title: 'ipv6_address on a network without IPv6',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET040')) report(f);
  },
};
