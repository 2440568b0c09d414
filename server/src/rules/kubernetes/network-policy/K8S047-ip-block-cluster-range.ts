import { masked, parsePrefix, prefixesOverlap } from '@switchyard/core';
import { get, str } from '../../../yaml/tree';
import { peers } from './netpol';
import type { K8sRule } from '../rule';

/**
 * An `ipBlock` overlapping the project's pod or service CIDR: policies see post-DNAT pod IPs, so service
 * addresses never match, and pod IPs are ephemeral; use selectors. Only with a cluster config in the project.
 */
export const K8S047: K8sRule = {
  id: 'K8S047',
  title: 'ipBlock covers cluster-internal addresses',
  reads: ['NetworkPolicy'],
  run({ project, model, report }) {
    if (project.cluster.source === 'default') return;
    const ranges = [
      ...project.cluster.podCIDRs.map((c) => ({ c, what: 'pod' })),
      ...project.cluster.serviceCIDRs.map((c) => ({ c, what: 'service' })),
    ];
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      for (const peer of peers(policy)) {
        const node = get(get(peer.node, 'ipBlock'), 'cidr');
        const p = parsePrefix(str(node) ?? '');
        if (!p.ok || !node) continue;
        const hit = ranges.find(
          (r) => r.c.prefix !== undefined && prefixesOverlap(masked(p.value), masked(r.c.prefix)),
        );
        if (hit === undefined) continue;
        report({
          code: 'K8S047',
          severity: 'warning',
          message: `${peer.path}.ipBlock.cidr: ${str(node)} overlaps the cluster's ${hit.what} CIDR ${hit.c.text}; ${hit.what === 'service' ? 'policies see pod addresses after DNAT, so service addresses never match' : 'pod addresses change with every restart'}: select pods with podSelector/namespaceSelector instead`,
          at: node.span,
          ...(hit.c.span ? { related: [{ at: hit.c.span, message: `${hit.what} CIDR ${hit.c.text}` }] } : {}),
        });
      }
    }
  },
};
