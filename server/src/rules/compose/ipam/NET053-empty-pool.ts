import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** macvlan/ipvlan with the whole address space as pool: `ipv4 pool is empty` / `ipv6 pool is empty`. */
export const NET053: Rule = {
  id: 'NET053',
  title: 'macvlan/ipvlan pool is empty',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET053')) report(f);
  },
};
