import { get, isSeq, str } from '../../../yaml/tree';
import { intOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { invalid, unsupported } from '../texts';

/** `externalTrafficPolicy` on a Service nobody reaches from outside, or an unknown value; `healthCheckNodePort` misplaced. */
export const K8S023: K8sRule = {
  id: 'K8S023',
  title: 'externalTrafficPolicy misused',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const node = get(s.spec, 'externalTrafficPolicy');
      const v = str(node);
      const external =
        s.type === 'NodePort' ||
        s.type === 'LoadBalancer' ||
        (isSeq(get(s.spec, 'externalIPs')) && s.type !== 'ExternalName');
      if (v !== undefined && v !== '' && node) {
        if (v !== 'Cluster' && v !== 'Local')
          report({
            code: 'K8S023',
            severity: 'error',
            message: unsupported('spec.externalTrafficPolicy', v, ['Cluster', 'Local']),
            at: node.span,
          });
        else if (!external)
          report({
            code: 'K8S023',
            severity: 'error',
            message: invalid(
              'spec.externalTrafficPolicy',
              v,
              'may only be set for externally-accessible services',
            ),
            at: node.span,
          });
      }
      const hc = get(s.spec, 'healthCheckNodePort');
      const n = intOf(hc);
      if (n !== undefined && n !== 0 && hc && !(s.type === 'LoadBalancer' && v === 'Local'))
        report({
          code: 'K8S023',
          severity: 'error',
          message: invalid(
            'spec.healthCheckNodePort',
            n,
            "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
          ),
          at: hc.span,
        });
    }
  },
};
