import { at } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** kubeadm: a service subnet wider than /12 (/108 for IPv6); a pod subnet narrower than the node mask or 16+ bits wider. */
export const K8S056: K8sRule = {
  id: 'K8S056',
  title: 'kubeadm subnet size',
  reads: [],
  run({ project, report }) {
    const c = project.cluster;
    if (c.source !== 'kubeadm' || c.node === undefined) return;
    const svcNode = at(c.node, 'networking', 'serviceSubnet');
    for (const s of c.serviceCIDRs) {
      if (s.prefix === undefined || !svcNode) continue;
      const v4 = s.prefix.addr.family === 4;
      const minBits = v4 ? 12 : 108;
      if (s.prefix.bits < minBits)
        report({
          code: 'K8S056',
          severity: 'error',
          message: invalid(
            'networking.serviceSubnet',
            s.text,
            `specified service subnet is too large; for ${v4 ? 32 : 128}-bit addresses, the mask must be >= ${minBits}`,
          ),
          at: svcNode.span,
        });
    }
    const podNode = at(c.node, 'networking', 'podSubnet');
    for (const p of c.podCIDRs) {
      if (p.prefix === undefined || !podNode) continue;
      const nodeMask = p.prefix.addr.family === 4 ? 24 : 64;
      if (p.prefix.bits > nodeMask)
        report({
          code: 'K8S056',
          severity: 'error',
          message: invalid(
            'networking.podSubnet',
            p.text,
            `the size of pod subnet with mask ${p.prefix.bits} is smaller than the size of node subnet with mask ${nodeMask}`,
          ),
          at: podNode.span,
        });
      else if (nodeMask - p.prefix.bits > 16)
        report({
          code: 'K8S056',
          severity: 'error',
          message: invalid(
            'networking.podSubnet',
            p.text,
            `pod subnet mask (${p.prefix.bits}) and node-mask (${nodeMask}) difference is greater than 16`,
          ),
          at: podNode.span,
        });
    }
  },
};
