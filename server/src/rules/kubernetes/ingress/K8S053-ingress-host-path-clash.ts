import { at, get, isSeq, str } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { describeObject } from '../../../kubernetes/objects';
import type { K8sObject } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/**
 * Two Ingresses (any namespaces) claim the same host and path. Kubernetes accepts it; ingress-nginx's
 * webhook refuses the second (an error when the project's IngressClass is ingress-nginx's).
 */
export const K8S053: K8sRule = {
  id: 'K8S053',
  title: 'Same Ingress host and path twice',
  reads: ['Ingress', 'IngressClass'],
  run({ project, model, report }) {
    const nginx = (model.byKind.get('IngressClass') ?? []).some(
      (c) => str(at(c.node, 'spec', 'controller')) === 'k8s.io/ingress-nginx',
    );
    for (const unit of project.units) {
      const seen = new Map<string, { ing: K8sObject; at: Span }>();
      for (const ing of model.byKind.get('Ingress') ?? []) {
        if (ing.unit !== unit) continue;
        const rules = at(ing.node, 'spec', 'rules');
        if (!isSeq(rules)) continue;
        for (const r of rules.items) {
          const host = str(get(r, 'host')) || '_';
          const paths = at(r, 'http', 'paths');
          if (!isSeq(paths)) continue;
          for (const p of paths.items) {
            const path = str(get(p, 'path')) ?? '/';
            const key = `${host}\0${path}`;
            const where = get(p, 'path')?.span ?? p.span;
            const prior = seen.get(key);
            if (prior === undefined) {
              seen.set(key, { ing, at: where });
              continue;
            }
            if (prior.ing === ing) continue;
            report({
              code: 'K8S053',
              severity: nginx ? 'error' : 'warning',
              message: `host "${host}" and path "${path}" is already defined in ingress ${prior.ing.namespace}/${prior.ing.name}; ingress-nginx refuses the second, other controllers pick one`,
              at: where,
              related: [{ at: prior.at, message: `${describeObject(prior.ing)} routes ${host}${path}` }],
            });
          }
        }
      }
    }
  },
};
