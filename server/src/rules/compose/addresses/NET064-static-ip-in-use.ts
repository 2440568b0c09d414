import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';
import { externalStaticFindings } from './external-static';

/** Static address equal to the network, broadcast, gateway or an aux address, or given to two services on one network. */
export const NET064: Rule = {
  id: 'NET064',
  title: 'Static IP already in use',
  run({ project, host, report }) {
    for (const f of staticFindings(project, 'NET064')) report(f);
    // With a host connected, external networks have known subnets too.
    for (const f of externalStaticFindings(project, host)) if (f.code === 'NET064') report(f);
  },
};
