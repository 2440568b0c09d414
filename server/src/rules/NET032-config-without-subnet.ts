import type { Rule } from './rule';
import { ipamFindings } from './addresses/ipam-findings';

/** An `ipam.config` entry without `subnet`: the engine parses the empty string and refuses it. */
export const NET032: Rule = {
  id: 'NET032',
  title: 'IPAM config without subnet',
  scope: 'networks',
  run({ project, report }) {
    for (const f of ipamFindings(project, 'NET032')) report(f);
  },
};
