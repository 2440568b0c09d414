import { at, get, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** `ingressClassName` and the `kubernetes.io/ingress.class` annotation both set and different. */
export const K8S052: K8sRule = {
  id: 'K8S052',
  title: 'Ingress class name and annotation differ',
  scope: 'object',
  run({ model, report }) {
    for (const ing of model.byKind.get('Ingress') ?? []) {
      const cls = str(at(ing.node, 'spec', 'ingressClassName'));
      const annNode = get(at(ing.node, 'metadata', 'annotations'), 'kubernetes.io/ingress.class');
      const ann = str(annNode);
      if (cls === undefined || ann === undefined || cls === ann || !annNode) continue;
      report({
        code: 'K8S052',
        severity: 'error',
        message: invalid(
          'annotations.kubernetes.io/ingress.class',
          ann,
          'must match `ingressClassName` when both are specified',
        ),
        at: annNode.span,
        fix: { kind: 'replace', title: `Use ${cls}`, text: cls },
      });
    }
  },
};
