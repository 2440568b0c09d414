import type { Rule } from '../../rule';
import { isGoIP } from './goaddr';
import { extraHostsOf } from './hosts';

/** An `extra_hosts` address that is neither an IP nor `host-gateway` (moby `opts.ValidateExtraHost`). */
export const NET133: Rule = {
  id: 'NET133',
  title: 'extra_hosts IP is invalid',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const h of extraHostsOf(svc)) {
        for (const { ip, span } of h.ips) {
          if (ip === 'host-gateway' || isGoIP(ip.trim())) continue;
          const unset = h.node.vars?.some((v) => v.unset) ? ' (a variable in it is not set)' : '';
          report({
            code: 'NET133',
            severity: 'error',
            message: `invalid IP address in add-host: ${JSON.stringify(ip)}${unset}; use an IP address or host-gateway`,
            at: span,
          });
        }
      }
    }
  },
};
