import { get, str } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/** `hostNetwork: true` with the default dnsPolicy: the pod uses the node's resolver and cannot resolve Services. */
export const K8S041: K8sRule = {
  id: 'K8S041',
  title: 'hostNetwork without ClusterFirstWithHostNet',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      if (!pod.hostNetwork) continue;
      const policy = str(get(pod.spec, 'dnsPolicy'));
      if (policy !== undefined && policy !== 'ClusterFirst') continue;
      report({
        code: 'K8S041',
        severity: 'warning',
        message: `${pod.prefix}.dnsPolicy: a hostNetwork pod with dnsPolicy ClusterFirst (the default) uses the node's resolver and cannot resolve Service names; set dnsPolicy: ClusterFirstWithHostNet`,
        at: get(pod.spec, 'dnsPolicy')?.span ?? keySpanOf(pod.spec, 'hostNetwork') ?? pod.obj.anchor,
        ...(policy !== undefined
          ? {
              fix: {
                kind: 'replace' as const,
                title: 'Use ClusterFirstWithHostNet',
                text: 'ClusterFirstWithHostNet',
              },
            }
          : {}),
      });
    }
  },
};
