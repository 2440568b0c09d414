import { get } from '../../../yaml/tree';
import { peers } from './netpol';
import type { K8sRule } from '../rule';
import { forbidden, required } from '../texts';

/** A NetworkPolicy peer with `ipBlock` and a selector, or with nothing. */
export const K8S042: K8sRule = {
  id: 'K8S042',
  title: 'NetworkPolicy peer invalid',
  scope: 'object',
  run({ model, report }) {
    for (const policy of model.byKind.get('NetworkPolicy') ?? []) {
      for (const peer of peers(policy)) {
        const has = (k: string): boolean => {
          const v = get(peer.node, k);
          return v !== undefined && v !== null;
        };
        const selectors = has('podSelector') || has('namespaceSelector');
        if (has('ipBlock') && selectors)
          report({
            code: 'K8S042',
            severity: 'error',
            message: forbidden(peer.path, 'may not specify both ipBlock and another peer'),
            at: peer.node.span,
          });
        else if (!has('ipBlock') && !selectors)
          report({
            code: 'K8S042',
            severity: 'error',
            message: required(peer.path, 'must specify a peer'),
            at: peer.node.span,
          });
      }
    }
  },
};
