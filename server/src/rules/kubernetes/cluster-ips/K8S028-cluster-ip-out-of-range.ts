import { contains, formatPrefix } from '@switchyard/core';
import { allocError, requestedClusterIPs } from './cluster-ips';
import type { K8sRule } from '../rule';

/**
 * A clusterIP outside the service CIDR: an error when the project's cluster config defines the range, a
 * warning against the apiserver default (10.96.0.0/12) the real cluster may not use.
 */
export const K8S028: K8sRule = {
  id: 'K8S028',
  title: 'clusterIP outside the service CIDR',
  scope: 'namespace',
  reads: ['Service'],
  fields: { Service: ['spec.clusterIP', 'spec.type'] },
  run({ project, model, report }) {
    const cidrs = project.cluster.serviceCIDRs.filter((c) => c.prefix !== undefined);
    if (cidrs.length === 0) return;
    const range = cidrs.map((c) => (c.prefix ? formatPrefix(c.prefix) : c.text)).join(',');
    for (const unit of project.units) {
      for (const r of requestedClusterIPs(model, unit)) {
        const same = cidrs.filter((c) => c.prefix?.addr.family === r.addr.family);
        if (same.length === 0 || same.some((c) => c.prefix !== undefined && contains(c.prefix, r.addr)))
          continue;
        const defined = project.cluster.serviceDefined;
        const where = same[0]?.span;
        report({
          code: 'K8S028',
          severity: defined ? 'error' : 'warning',
          message: `${allocError(r.text, `provided IP is not in the valid range. The range of valid IPs is ${range}`)}${defined ? '' : ' (the default service CIDR; name the cluster config with --cluster-config if yours differs)'}`,
          at: r.at,
          ...(where ? { related: [{ at: where, message: `the cluster's service CIDR is ${range}` }] } : {}),
        });
      }
    }
  },
};
