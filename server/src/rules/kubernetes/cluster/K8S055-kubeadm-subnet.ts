import { size } from '@switchyard/core';
import { at, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import type { K8sRule, K8sRuleContext } from '../rule';
import { invalid } from '../texts';

/** kubeadm `networking.serviceSubnet`/`podSubnet`: unparseable, too many CIDRs, two of one family, too small. */
export const K8S055: K8sRule = {
  id: 'K8S055',
  title: 'kubeadm subnet invalid',
  reads: [],
  run(ctx) {
    const c = ctx.project.cluster;
    if (c.source !== 'kubeadm' || c.node === undefined) return;
    check(ctx, at(c.node, 'networking', 'serviceSubnet'), 'networking.serviceSubnet', 10n);
    check(ctx, at(c.node, 'networking', 'podSubnet'), 'networking.podSubnet', 14n);
  },
};

function check(
  { project, report }: K8sRuleContext,
  node: PNode | null | undefined,
  path: string,
  min: bigint,
): void {
  const text = str(node);
  if (text === undefined || !node) return;
  const list = path.endsWith('serviceSubnet') ? project.cluster.serviceCIDRs : project.cluster.podCIDRs;
  const err = (detail: string): void =>
    report({ code: 'K8S055', severity: 'error', message: invalid(path, text, detail), at: node.span });
  const families = list.map((c) => c.prefix?.addr.family);
  if (list.length > 2 || (list.length === 2 && families[0] === families[1]))
    return err('expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking');
  for (const c of list) {
    if (c.prefix === undefined) return err("couldn't parse subnet");
    const n = size(c.prefix);
    if (n < min) return err(`subnet with ${n} address(es) is too small, the minimum is ${min}`);
  }
}
