import type { Rule } from '../../rule';
import { ipamFindings } from './ipam-findings';
import { usedNetworkKeys } from '../created';

/**
 * An `ipam.config` entry without `subnet`: the engine parses the empty string and refuses it. Compose never
 * creates a network no enabled service uses, so there the engine never sees the entry and the root cause is
 * the unused network (NET026): no NET032 then.
 */
export const NET032: Rule = {
  id: 'NET032',
  title: 'IPAM config without subnet',
  scope: 'networks',
  run({ project, report }) {
    const used = usedNetworkKeys(project);
    const unused = project.networks.filter((n) => !used.has(n.key) && n.node !== null);
    for (const f of ipamFindings(project, 'NET032')) {
      const inUnused = unused.some(
        (n) =>
          n.node !== null &&
          n.node.span.file === f.at.file &&
          n.node.span.start <= f.at.start &&
          f.at.end <= n.node.span.end,
      );
      if (!inUnused) report(f);
    }
  },
};
