import { get, isSeq } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { required } from '../texts';

/** A Service with no ports that is neither headless nor ExternalName. */
export const K8S015: K8sRule = {
  id: 'K8S015',
  title: 'Service without ports',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      if (s.headless || s.type === 'ExternalName') continue;
      const ports = get(s.spec, 'ports');
      if (isSeq(ports) && ports.items.length > 0) continue;
      report({
        code: 'K8S015',
        severity: 'error',
        message: required('spec.ports'),
        at: ports?.span ?? s.obj.anchor,
      });
    }
  },
};
