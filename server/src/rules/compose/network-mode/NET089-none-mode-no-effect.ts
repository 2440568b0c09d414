import type { Rule } from '../../rule';
import { entry, isSeq } from '../../../yaml/tree';
import { networkMode } from '../ports/model';

const NO_EFFECT = ['ports', 'expose', 'dns', 'extra_hosts', 'links'] as const;

/** `network_mode: none` gives the container only a loopback interface: these options do nothing. */
export const NET089: Rule = {
  id: 'NET089',
  title: 'Networking options under network_mode: none',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      if (!svc.enabled || networkMode(svc) !== 'none') continue;
      for (const key of NO_EFFECT) {
        const e = entry(svc.node, key);
        if (!e || e.value === null || (isSeq(e.value) && e.value.items.length === 0)) continue;
        report({
          code: 'NET089',
          severity: 'warning',
          message: `service "${svc.name}" uses network_mode: none, which has only a loopback interface, so ${key} has no effect`,
          at: e.keySpan,
        });
      }
    }
  },
};
