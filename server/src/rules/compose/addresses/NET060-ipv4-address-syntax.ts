import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';

/** `ipv4_address` is not an IPv4 address (garbage, IPv6, or 0.0.0.0). */
export const NET060: Rule = {
  id: 'NET060',
  title: 'Invalid ipv4_address',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET060')) report(f);
  },
};
