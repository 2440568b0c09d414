import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { dns1035LabelError, invalid } from '../texts';

/** A Service's `metadata.name` must be a DNS-1035 label (it becomes a DNS name and env var prefix). */
export const K8S009: K8sRule = {
  id: 'K8S009',
  title: 'Service name is not a DNS-1035 label',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const node = get(get(s.obj.node, 'metadata'), 'name');
      if (node === undefined || node === null || s.obj.name === '') continue;
      const why = dns1035LabelError(s.obj.name);
      if (why !== undefined)
        report({
          code: 'K8S009',
          severity: 'error',
          message: invalid('metadata.name', s.obj.name, why),
          at: node.span,
        });
    }
  },
};
