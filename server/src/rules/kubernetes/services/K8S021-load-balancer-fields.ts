import { get } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { forbidden } from '../texts';

const ONLY_LB = "may only be used when `type` is 'LoadBalancer'";

/** LoadBalancer-only fields on another type of Service. */
export const K8S021: K8sRule = {
  id: 'K8S021',
  title: 'LoadBalancer field on another Service type',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      if (s.type === 'LoadBalancer') continue;
      for (const [key, path] of [
        ['loadBalancerSourceRanges', 'spec.LoadBalancerSourceRanges'],
        ['allocateLoadBalancerNodePorts', 'spec.allocateLoadBalancerNodePorts'],
        ['loadBalancerClass', 'spec.loadBalancerClass'],
      ] as const) {
        const at = keySpanOf(s.spec, key);
        const v = get(s.spec, key);
        if (at === undefined || v === null || v === undefined) continue;
        report({ code: 'K8S021', severity: 'error', message: forbidden(path, ONLY_LB), at });
      }
    }
  },
};
