import { addrOf, sameAddr } from '@switchyard/core';
import { allocError, requestedClusterIPs } from './cluster-ips';
import type { K8sRule } from '../rule';

/** A user Service asks for the cluster DNS address (10th of the service range, or k3s `cluster-dns`). */
export const K8S031: K8sRule = {
  id: 'K8S031',
  title: 'Service takes the cluster DNS address',
  scope: 'namespace',
  reads: ['Service'],
  fields: { Service: ['spec.clusterIP', 'spec.type'] },
  run({ project, model, report }) {
    const dns = project.cluster.dnsIP;
    const addr = dns === undefined ? undefined : addrOf(dns.text);
    if (dns === undefined || addr === undefined) return;
    for (const unit of project.units) {
      for (const r of requestedClusterIPs(model, unit)) {
        if (!sameAddr(r.addr, addr)) continue;
        const o = r.service.obj;
        if (o.namespace === 'kube-system' && (o.name === 'kube-dns' || o.name === 'coredns')) continue;
        report({
          code: 'K8S031',
          severity: 'error',
          message: `${allocError(r.text, 'provided IP is already allocated')}: ${dns.text} is the cluster DNS Service's address (kube-dns); if this Service takes it first, CoreDNS cannot start`,
          at: r.at,
          ...(dns.span ? { related: [{ at: dns.span, message: `cluster DNS address ${dns.text}` }] } : {}),
        });
      }
    }
  },
};
