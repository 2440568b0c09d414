import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';

/** Static address on a network whose IPAM has no user subnet of that family (result depends on the engine version). */
export const NET062: Rule = {
  id: 'NET062',
  title: 'Static IP without a configured subnet',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET062')) report(f);
  },
};
