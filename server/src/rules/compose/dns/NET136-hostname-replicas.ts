import type { Rule } from '../../rule';
import { entry, str } from '../../../yaml/tree';

/** `hostname` on a service with several replicas: every replica gets the same host name. */
export const NET136: Rule = {
  id: 'NET136',
  title: 'One hostname for several replicas',
  scope: 'service',
  run({ project, report }) {
    for (const svc of project.services) {
      const e = entry(svc.node, 'hostname');
      const value = str(e?.value);
      if (!svc.enabled || !e || svc.replicas <= 1 || !value) continue;
      report({
        code: 'NET136',
        severity: 'information',
        message:
          `all ${svc.replicas} replicas of "${svc.name}" get the host name "${value}"; remove hostname if ` +
          `each replica should keep its own`,
        at: e.keySpan,
      });
    }
  },
};
