import type { Rule } from '../../rule';
import { staticFindings } from './static-findings';

/** Static address inside `ip_range`, where dynamic allocation may take it first. */
export const NET066: Rule = {
  id: 'NET066',
  title: 'Static IP inside ip_range',
  scope: 'service',
  run({ project, report }) {
    for (const f of staticFindings(project, 'NET066')) report(f);
  },
};
