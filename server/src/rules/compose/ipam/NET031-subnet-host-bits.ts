import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** A subnet with host bits set; the engine says which prefix it should be. */
export const NET031: Rule = {
  id: 'NET031',
  title: 'Subnet has host bits set',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET031')) report(f);
  },
};
