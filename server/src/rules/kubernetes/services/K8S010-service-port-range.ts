import { get, isScalar } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, PORT_RANGE, required } from '../texts';

/** `spec.ports[].port` missing, 0 or outside 1–65535. */
export const K8S010: K8sRule = {
  id: 'K8S010',
  title: 'Service port out of range',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      for (const p of s.ports) {
        const node = get(p.node, 'port');
        if (node === undefined || node === null) {
          report({
            code: 'K8S010',
            severity: 'error',
            message: invalid(`${p.path}.port`, 0, PORT_RANGE),
            at: p.node.span,
          });
          continue;
        }
        if (!isScalar(node) || typeof node.value !== 'number') {
          if (isScalar(node) && node.value !== null)
            report({
              code: 'K8S010',
              severity: 'error',
              message: `${p.path}.port: ${JSON.stringify(String(node.value))} is not a number (port is an integer; quoted numbers are refused when decoding)`,
              at: node.span,
            });
          else
            report({ code: 'K8S010', severity: 'error', message: required(`${p.path}.port`), at: node.span });
          continue;
        }
        const n = node.value;
        if (Number.isInteger(n) && n >= 1 && n <= 65535) continue;
        report({
          code: 'K8S010',
          severity: 'error',
          message: invalid(`${p.path}.port`, n, PORT_RANGE),
          at: node.span,
        });
      }
    }
  },
};
