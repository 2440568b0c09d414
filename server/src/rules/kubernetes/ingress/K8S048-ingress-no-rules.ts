import { at, get, isSeq } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { required } from '../texts';

/** An Ingress with neither `defaultBackend` nor `rules`; an `http` rule without paths. */
export const K8S048: K8sRule = {
  id: 'K8S048',
  title: 'Ingress without rules or backend',
  scope: 'object',
  run({ model, report }) {
    for (const ing of model.byKind.get('Ingress') ?? []) {
      const spec = get(ing.node, 'spec');
      const rules = get(spec, 'rules');
      if (get(spec, 'defaultBackend') == null && (!isSeq(rules) || rules.items.length === 0)) {
        report({
          code: 'K8S048',
          severity: 'error',
          message: 'spec: Invalid value: …: either `defaultBackend` or `rules` must be specified',
          at: spec?.span ?? ing.anchor,
        });
      }
      if (!isSeq(rules)) continue;
      rules.items.forEach((r, i) => {
        const http = get(r, 'http');
        if (http === undefined) return;
        const paths = at(r, 'http', 'paths');
        if (!isSeq(paths) || paths.items.length === 0)
          report({
            code: 'K8S048',
            severity: 'error',
            message: required(`spec.rules[${i}].http.paths`),
            at: (paths ?? http ?? r).span,
          });
      });
    }
  },
};
