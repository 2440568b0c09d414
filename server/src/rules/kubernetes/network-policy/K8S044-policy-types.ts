import { get, isSeq, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { unsupported } from '../texts';

/** `policyTypes` entries other than Ingress/Egress, or more than two. */
export const K8S044: K8sRule = {
  id: 'K8S044',
  title: 'policyTypes invalid',
  scope: 'object',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      const types = get(get(policy.node, 'spec'), 'policyTypes');
      if (!isSeq(types)) continue;
      types.items.forEach((t, i) => {
        const v = str(t) ?? '';
        if (v !== 'Ingress' && v !== 'Egress') {
          const fix = ['Ingress', 'Egress'].find((x) => x.toLowerCase() === v.toLowerCase());
          report({
            code: 'K8S044',
            severity: 'error',
            message: unsupported(`spec.policyTypes[${i}]`, v, ['Ingress', 'Egress']),
            at: t.span,
            ...(fix ? { fix: { kind: 'replace' as const, title: `Use ${fix}`, text: fix } } : {}),
          });
        }
      });
      if (types.items.length > 2)
        report({
          code: 'K8S044',
          severity: 'error',
          message: 'spec.policyTypes: Invalid value: …: may not specify more than two policyTypes',
          at: types.span,
        });
    }
  },
};
