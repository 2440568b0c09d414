import { at, get, str } from '../../../yaml/tree';
import { intOf, keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { invalid, unsupported } from '../texts';

/** `sessionAffinity` unknown or its ClientIP timeout out of range (E); a config that `None` silently drops (W). */
export const K8S024: K8sRule = {
  id: 'K8S024',
  title: 'sessionAffinity invalid',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const node = get(s.spec, 'sessionAffinity');
      const v = str(node) ?? 'None';
      if (node && v !== 'None' && v !== 'ClientIP') {
        report({
          code: 'K8S024',
          severity: 'error',
          message: unsupported('spec.sessionAffinity', v, ['ClientIP', 'None']),
          at: node.span,
        });
        continue;
      }
      const timeout = at(s.spec, 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds');
      const n = intOf(timeout);
      if (v === 'ClientIP' && timeout && n !== undefined && (n <= 0 || n > 86400)) {
        report({
          code: 'K8S024',
          severity: 'error',
          message: invalid(
            'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
            n,
            'must be greater than 0 and less than 86400',
          ),
          at: timeout.span,
        });
      }
      const cfg = keySpanOf(s.spec, 'sessionAffinityConfig');
      if (v === 'None' && cfg !== undefined)
        report({
          code: 'K8S024',
          severity: 'warning',
          message:
            'spec.sessionAffinityConfig is dropped when sessionAffinity is None (the default): set sessionAffinity: ClientIP for it to apply',
          at: cfg,
        });
    }
  },
};
