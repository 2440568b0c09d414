import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';

/** `ipam.config[].subnet` is not CIDR (Compose's Go parser text, as it runs before the engine). */
export const NET030: Rule = {
  id: 'NET030',
  title: 'Subnet is not CIDR',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET030')) report(f);
  },
};
