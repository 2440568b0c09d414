import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** `ip_range` unparsable, of the other family, larger than the subnet, with host bits, or outside it. */
export const NET033: Rule = {
  id: 'NET033',
  title: 'Invalid ip_range',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET033')) report(f);
  },
};
