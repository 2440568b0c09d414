import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { dns1123LabelError, duplicate, invalid } from '../texts';

/** Service port names are DNS-1123 labels, unique within the Service. */
export const K8S012: K8sRule = {
  id: 'K8S012',
  title: 'Service port name invalid or duplicated',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const seen = new Set<string>();
      for (const p of s.ports) {
        if (p.name === undefined || p.name === '') continue;
        const at = get(p.node, 'name')?.span ?? p.node.span;
        const why = dns1123LabelError(p.name);
        if (why !== undefined)
          report({ code: 'K8S012', severity: 'error', message: invalid(`${p.path}.name`, p.name, why), at });
        if (seen.has(p.name))
          report({ code: 'K8S012', severity: 'error', message: duplicate(`${p.path}.name`, p.name), at });
        seen.add(p.name);
      }
    }
  },
};
