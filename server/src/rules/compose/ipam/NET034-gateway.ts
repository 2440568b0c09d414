import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** `gateway` unparsable, of the other family, or outside the subnet. */
export const NET034: Rule = {
  id: 'NET034',
  title: 'Invalid gateway',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET034')) report(f);
  },
};
