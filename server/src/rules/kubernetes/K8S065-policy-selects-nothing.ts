import { at, get } from '../../compose/tree';
import { isEmptySelector, labelSelectorOf, selectorMatches } from '../../kubernetes/selectors';
import { peers } from './netpol';
import type { K8sRule } from './rule';

/** A NetworkPolicy's podSelector that selects no pod of its namespace (W); a peer podSelector that selects none (I). */
export const K8S065: K8sRule = {
  id: 'K8S065',
  title: 'NetworkPolicy selects no pod',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      const pods = model.podsIn(policy.unit, policy.namespace);
      const node = at(policy.node, 'spec', 'podSelector');
      const sel = labelSelectorOf(node);
      if (sel !== undefined && !isEmptySelector(sel) && !pods.some((p) => selectorMatches(sel, p.labels))) {
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
        if (ps === undefined || isEmptySelector(ps) || pods.some((p) => selectorMatches(ps, p.labels)))
          continue;
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
