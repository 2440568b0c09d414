import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** `clusterIP: None` on a NodePort or LoadBalancer Service. */
export const K8S016: K8sRule = {
  id: 'K8S016',
  title: 'Headless NodePort or LoadBalancer Service',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      if (!s.headless || (s.type !== 'NodePort' && s.type !== 'LoadBalancer')) continue;
      report({
        code: 'K8S016',
        severity: 'error',
        message: invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${s.type} services`),
        at: get(s.spec, 'clusterIP')?.span ?? s.obj.anchor,
      });
    }
  },
};
