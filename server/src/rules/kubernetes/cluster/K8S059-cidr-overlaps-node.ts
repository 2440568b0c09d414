import { contains, formatPrefix, masked } from '@switchyard/core';
import type { K8sRule } from '../rule';

/**
 * The pod or service CIDR holds an address the configuration gives a node (kubeadm `advertiseAddress` or
 * `controlPlaneEndpoint`, k3s `node-ip`/`node-external-ip`/`advertise-address`). Nothing refuses it; traffic
 * to the node then goes to a pod or a Service VIP instead, intermittently (cluster-api#3296). The finding
 * sits on the CIDR when it is written in the project, else on the node address.
 */
export const K8S059: K8sRule = {
  id: 'K8S059',
  title: 'Pod or service CIDR holds a node address',
  reads: [],
  run({ project, report }) {
    const c = project.cluster;
    const ranges = [
      ...c.podCIDRs.map((r) => ({ r, what: 'pod' })),
      ...c.serviceCIDRs.map((r) => ({ r, what: 'service' })),
    ];
    for (const node of c.nodeAddresses) {
      for (const { r, what } of ranges) {
        if (r.prefix === undefined || r.prefix.addr.family !== node.addr.family) continue;
        if (!contains(masked(r.prefix), node.addr)) continue;
        const range = formatPrefix(masked(r.prefix));
        const written = r.span !== undefined ? '' : ` (${c.source}'s default)`;
        report({
          code: 'K8S059',
          severity: 'warning',
          message: `${what} CIDR ${range}${written} contains the node address ${node.text} (${node.what}): traffic to the node can reach a ${what === 'pod' ? 'pod' : 'Service VIP'} instead; pick a ${what} range outside the nodes' network`,
          at: r.span ?? node.span,
          ...(r.span !== undefined
            ? { related: [{ at: node.span, message: `node address ${node.text} (${node.what})` }] }
            : {}),
        });
      }
    }
  },
};
