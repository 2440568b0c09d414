import type { Rule } from './rule';
import { staticFindings } from './addresses/static-findings';

/** Static address inside no configured subnet of its network. */
export const NET063: Rule = {
  id: 'NET063',
  title: 'Static IP outside every subnet',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET063')) report(f);
  },
};
