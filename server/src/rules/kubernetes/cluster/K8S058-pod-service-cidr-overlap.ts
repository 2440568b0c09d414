import { formatPrefix, masked, prefixesOverlap } from '@switchyard/core';
import type { K8sRule } from '../rule';

/**
 * The cluster's pod CIDR and service CIDR overlap. No bootstrap tool refuses it; the apiserver's flag docs
 * say the service range "must not overlap with any IP ranges assigned to nodes or pods".
 */
export const K8S058: K8sRule = {
  id: 'K8S058',
  title: 'Pod CIDR and service CIDR overlap',
  reads: [],
  run({ project, report }) {
    const c = project.cluster;
    for (const pod of c.podCIDRs) {
      for (const svc of c.serviceCIDRs) {
        if (pod.prefix === undefined || svc.prefix === undefined) continue;
        if (!prefixesOverlap(masked(pod.prefix), masked(svc.prefix))) continue;
        const at = svc.span ?? pod.span;
        if (at === undefined) continue;
        const other = svc.span !== undefined ? pod : svc;
        report({
          code: 'K8S058',
          severity: 'warning',
          message: `pod CIDR "${formatPrefix(pod.prefix)}" and service CIDR "${formatPrefix(svc.prefix)}" overlap (${c.source}); the service range must not overlap the pods' addresses: pick disjoint ranges`,
          at,
          ...(other.span !== undefined && other.span !== at
            ? {
                related: [
                  { at: other.span, message: `${other === pod ? 'pod' : 'service'} CIDR ${other.text}` },
                ],
              }
            : {}),
        });
      }
    }
  },
};
