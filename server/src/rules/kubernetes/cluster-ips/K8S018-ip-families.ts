import { addrOf } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { duplicate, invalid, unsupported } from '../texts';

const FAMILIES = ['IPv4', 'IPv6'];
const POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];

/** `ipFamilies` values and duplicates, `ipFamilyPolicy` values, SingleStack with two families or two clusterIPs. */
export const K8S018: K8sRule = {
  id: 'K8S018',
  title: 'ipFamilies or ipFamilyPolicy invalid',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const families = get(s.spec, 'ipFamilies');
      const seen = new Set<string>();
      if (isSeq(families))
        families.items.forEach((f, i) => {
          const v = str(f) ?? '';
          if (!FAMILIES.includes(v))
            report({
              code: 'K8S018',
              severity: 'error',
              message: unsupported(`spec.ipFamilies[${i}]`, v, FAMILIES),
              at: f.span,
            });
          else if (seen.has(v))
            report({
              code: 'K8S018',
              severity: 'error',
              message: duplicate(`spec.ipFamilies[${i}]`, v),
              at: f.span,
            });
          seen.add(v);
        });
      const policyNode = get(s.spec, 'ipFamilyPolicy');
      const policy = str(policyNode);
      if (policy === undefined || !policyNode) continue;
      if (!POLICIES.includes(policy)) {
        report({
          code: 'K8S018',
          severity: 'error',
          message: unsupported('spec.ipFamilyPolicy', policy, POLICIES),
          at: policyNode.span,
        });
        continue;
      }
      if (policy !== 'SingleStack') continue;
      const ips = get(s.spec, 'clusterIPs');
      const realIPs = isSeq(ips) ? ips.items.filter((i) => addrOf(str(i) ?? '') !== undefined) : [];
      if (isSeq(families) && families.items.length > 1)
        report({
          code: 'K8S018',
          severity: 'error',
          message: invalid(
            'spec.ipFamilyPolicy',
            policy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
          ),
          at: policyNode.span,
        });
      else if (realIPs.length > 1)
        report({
          code: 'K8S018',
          severity: 'error',
          message: invalid(
            'spec.ipFamilyPolicy',
            policy,
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
          ),
          at: policyNode.span,
        });
    }
  },
};
