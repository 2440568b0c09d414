import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** `aux_addresses` value unparsable, of the other family, or outside the subnet. */
export const NET035: Rule = {
  id: 'NET035',
  title: 'Invalid auxiliary address',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET035')) report(f);
  },
};
