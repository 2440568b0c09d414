import { get, isSeq, str } from '../../../yaml/tree';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/** `policyTypes` names one direction while rules are written for the other: those rules do nothing. */
export const K8S046: K8sRule = {
  id: 'K8S046',
  title: 'Rules ignored by policyTypes',
  scope: 'object',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      const spec = get(policy.node, 'spec');
      const types = get(spec, 'policyTypes');
      if (!isSeq(types)) continue;
      const listed = new Set(types.items.map((t) => str(t)));
      for (const [key, type] of [
        ['ingress', 'Ingress'],
        ['egress', 'Egress'],
      ] as const) {
        const at = keySpanOf(spec, key);
        const rules = get(spec, key);
        if (at === undefined || listed.has(type) || !isSeq(rules) || rules.items.length === 0) continue;
        report({
          code: 'K8S046',
          severity: 'warning',
          message: `spec.${key}: these rules are ignored because spec.policyTypes does not list ${type}`,
          at,
          related: [{ at: types.span, message: `policyTypes: [${[...listed].join(', ')}]` }],
        });
      }
    }
  },
};
