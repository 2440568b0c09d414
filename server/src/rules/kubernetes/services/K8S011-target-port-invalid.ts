import { get, isScalar } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, PORT_RANGE, portNameError } from '../texts';

/** `targetPort`: a number outside 1–65535 or a name that is not an IANA service name (0/empty defaults to `port`). */
export const K8S011: K8sRule = {
  id: 'K8S011',
  title: 'targetPort invalid',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      for (const p of s.ports) {
        const node = get(p.node, 'targetPort');
        if (!isScalar(node) || node.value === null || !p.targetPortWritten) continue;
        const path = `${p.path}.targetPort`;
        if (typeof node.value === 'number') {
          if (!Number.isInteger(node.value) || node.value < 1 || node.value > 65535)
            report({
              code: 'K8S011',
              severity: 'error',
              message: invalid(path, node.value, PORT_RANGE),
              at: node.span,
            });
          continue;
        }
        const why = portNameError(String(node.value));
        if (why !== undefined)
          report({
            code: 'K8S011',
            severity: 'error',
            message: invalid(path, String(node.value), why),
            at: node.span,
          });
      }
    }
  },
};
