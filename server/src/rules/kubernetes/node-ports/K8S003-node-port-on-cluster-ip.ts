import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { forbidden } from '../texts';

/** `nodePort` on a ClusterIP Service (validation refuses it; often left over after removing `type: NodePort`). */
export const K8S003: K8sRule = {
  id: 'K8S003',
  title: 'nodePort on a ClusterIP Service',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      if (s.type !== 'ClusterIP') continue;
      for (const p of s.ports) {
        if (p.nodePort === undefined || p.nodePort === 0) continue;
        report({
          code: 'K8S003',
          severity: 'error',
          message: forbidden(`${p.path}.nodePort`, "may not be used when `type` is 'ClusterIP'"),
          at: get(p.node, 'nodePort')?.span ?? p.node.span,
        });
      }
    }
  },
};
