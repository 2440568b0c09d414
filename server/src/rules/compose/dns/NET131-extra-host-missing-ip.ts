import type { Rule } from '../../rule';
import { extraHostsOf } from './hosts';

/** An `extra_hosts` list entry with neither `=` nor `:` between host and IP. */
export const NET131: Rule = {
  id: 'NET131',
  title: 'extra_hosts entry without an IP',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const h of extraHostsOf(svc)) {
        if (h.separator !== '') continue;
        report({
          code: 'NET131',
          severity: 'error',
          message: `invalid additional host, missing IP: ${h.raw}; write HOST=IP (for example "${h.raw}=10.0.0.2")`,
          at: h.node.span,
        });
      }
    }
  },
};
