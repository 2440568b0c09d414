import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';
import { externalStaticFindings } from './external-static';

/** Static address inside no configured subnet of its network. */
export const NET063: Rule = {
  id: 'NET063',
  title: 'Static IP outside every subnet',
  run({ project, host, report }) {
    for (const f of staticFindings(project, 'NET063')) report(f);
    // With a host connected, external networks have known subnets too.
    for (const f of externalStaticFindings(project, host)) if (f.code === 'NET063') report(f);
  },
};
