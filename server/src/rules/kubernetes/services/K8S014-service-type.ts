import { get, isScalar } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { unsupported } from '../texts';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** `spec.type` not one of the four Service types (case matters). */
export const K8S014: K8sRule = {
  id: 'K8S014',
  title: 'Unsupported Service type',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const node = get(s.spec, 'type');
      if (!isScalar(node) || node.value === null || TYPES.includes(String(node.value))) continue;
      const fix = TYPES.find((t) => t.toLowerCase() === String(node.value).toLowerCase());
      report({
        code: 'K8S014',
        severity: 'error',
        message: unsupported('spec.type', String(node.value), TYPES),
        at: node.span,
        ...(fix ? { fix: { kind: 'replace' as const, title: `Use ${fix}`, text: fix } } : {}),
      });
    }
  },
};
