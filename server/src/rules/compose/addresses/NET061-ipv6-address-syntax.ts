import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';

/** `ipv6_address` is not an IPv6 address. */
export const NET061: Rule = {
  id: 'NET061',
  title: 'Invalid ipv6_address',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET061')) report(f);
  },
};
