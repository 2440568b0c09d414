import { addrOf } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import type { ServiceInfo } from '../../../kubernetes/services';
import type { K8sRule, K8sRuleContext } from '../rule';
import { invalid } from '../texts';

const familyName = (family: 4 | 6): string => (family === 4 ? 'IPv4' : 'IPv6');

/**
 * A Service asks for an IP family the cluster's service range does not have: `RequireDualStack` on a
 * single-stack cluster, an `ipFamilies` entry, or a `clusterIP` of the other family (alloc.go
 * `initIPFamilyFields`, run on create before validation). An error when the project configures the service
 * range, a warning against the apiserver's default (IPv4 10.96.0.0/12).
 */
export const K8S030: K8sRule = {
  id: 'K8S030',
  title: 'IP family not configured on the cluster',
  scope: 'namespace',
  reads: ['Service'],
  fields: {
    Service: [
      'spec.type',
      'spec.selector',
      'spec.clusterIP',
      'spec.clusterIPs',
      'spec.ipFamilies',
      'spec.ipFamilyPolicy',
    ],
  },
  run(ctx) {
    const families = new Set<string>();
    for (const c of ctx.project.cluster.serviceCIDRs)
      if (c.prefix !== undefined) families.add(familyName(c.prefix.addr.family));
    if (families.size === 0) return;
    for (const s of ctx.model.services) checkService(ctx, s, families);
  },
};

function checkService({ project, report }: K8sRuleContext, s: ServiceInfo, cluster: Set<string>): void {
  if (s.type === 'ExternalName' || s.spec === undefined) return;
  const severity = project.cluster.serviceDefined ? 'error' : 'warning';
  const where =
    project.cluster.file !== undefined ? ` (${project.cluster.source}: ${[...cluster].join(', ')})` : '';
  const err = (message: string, at: PNode): void =>
    report({ code: 'K8S030', severity, message: `${message}${where}`, at: at.span });
  const policyNode = get(s.spec, 'ipFamilyPolicy');
  const familiesNode = get(s.spec, 'ipFamilies');
  const families = isSeq(familiesNode) ? familiesNode.items : [];
  const ipsNode = get(s.spec, 'clusterIPs');
  const ipNodes: PNode[] = isSeq(ipsNode)
    ? ipsNode.items
    : s.clusterIP !== undefined
      ? [get(s.spec, 'clusterIP') as PNode]
      : [];
  const selectorless = s.selector === undefined;
  const policy = str(policyNode) ?? (s.headless && selectorless ? 'RequireDualStack' : 'SingleStack');
  // SingleStack with two families or two addresses is K8S018's (the allocator stops there first).
  if (policy === 'SingleStack' && (families.length > 1 || ipNodes.length > 1)) return;
  const ips = ipNodes.map((n) => str(n) ?? '');
  let failed = false;
  ipNodes.forEach((n, i) => {
    if (failed || ips[i] === 'None') return;
    const addr = addrOf(ips[i] ?? '');
    if (addr === undefined || i < families.length) return;
    const fam = familyName(addr.family);
    if (cluster.has(fam)) return;
    failed = true;
    err(
      `spec.clusterIPs[${i}]: Invalid value: ${JSON.stringify(ips)}: ${fam} is not configured on this cluster`,
      n,
    );
  });
  if (failed) return;
  // Headless and selectorless: any families are allowed, even on a single-stack cluster.
  if (s.headless && selectorless) return;
  if (policy === 'RequireDualStack' && cluster.size < 2 && policyNode)
    err(
      invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'),
      policyNode,
    );
  families.forEach((f, i) => {
    const v = str(f);
    if (v === 'IPv4' || v === 'IPv6') {
      if (!cluster.has(v)) err(invalid(`spec.ipFamilies[${i}]`, v, 'not configured on this cluster'), f);
    }
  });
}
