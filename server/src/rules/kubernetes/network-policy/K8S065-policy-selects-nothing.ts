import { at, get } from '../../../yaml/tree';
import type { K8sModel } from '../../../kubernetes/cross-object';
import { isEmptySelector, labelSelectorOf, selectorMatches } from '../../../kubernetes/selectors';
import type { LabelSelector } from '../../../kubernetes/selectors';
import type { PodTemplate } from '../../../kubernetes/workloads';
import { peers } from './netpol';
import type { K8sRule } from '../rule';
import { POD_KINDS } from '../../../kubernetes/workloads';

/** A NetworkPolicy's podSelector that selects no pod of its namespace (W); a peer podSelector that selects none (I). */
export const K8S065: K8sRule = {
  id: 'K8S065',
  title: 'NetworkPolicy selects no pod',
  scope: 'namespace',
  reads: ['NetworkPolicy', ...POD_KINDS],
  run({ model, report }) {
    const index = podIndex(model);
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      const anyMatch = (sel: LabelSelector): boolean => {
        const first = sel.matchLabels.entries().next().value;
        const candidates =
          first === undefined
            ? model.podsIn(policy.unit, policy.namespace)
            : (index.get(`${policy.unit}\0${policy.namespace ?? ''}\0${first[0]}=${first[1]}`) ?? []);
        return candidates.some((p) => selectorMatches(sel, p.labels));
      };
      const node = at(policy.node, 'spec', 'podSelector');
      const sel = labelSelectorOf(node);
      if (sel !== undefined && !isEmptySelector(sel) && !anyMatch(sel)) {
        report({
          code: 'K8S065',
          severity: 'warning',
          message: `spec.podSelector: no pod in namespace "${policy.namespace}" matches it: this policy applies to nothing`,
          at: node?.span ?? policy.anchor,
        });
      }
      for (const peer of peers(policy)) {
        if (get(peer.node, 'namespaceSelector') !== undefined) continue; // other namespaces: not known here
        const pnode = get(peer.node, 'podSelector');
        const ps = labelSelectorOf(pnode);
        if (ps === undefined || isEmptySelector(ps) || anyMatch(ps)) continue;
        report({
          code: 'K8S065',
          severity: 'information',
          message: `${peer.path}.podSelector: no pod in namespace "${policy.namespace}" matches this peer`,
          at: pnode?.span ?? peer.node.span,
        });
      }
    }
  },
};

/** Pod templates by `unit, namespace, label=value`, so a selector only looks at pods carrying its first label. */
function podIndex(model: K8sModel): Map<string, PodTemplate[]> {
  const out = new Map<string, PodTemplate[]>();
  for (const p of model.pods) {
    for (const [k, v] of p.labels) {
      const key = `${p.obj.unit}\0${p.obj.namespace ?? ''}\0${k}=${v}`;
      const list = out.get(key);
      if (list === undefined) out.set(key, [p]);
      else list.push(p);
    }
  }
  return out;
}
