import { at, isScalar } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, PORT_RANGE, portNameError } from '../texts';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** A probe's port invalid (E), or named after no port of its container (W: the probe fails at run time). */
export const K8S039: K8sRule = {
  id: 'K8S039',
  title: 'Probe port invalid or not declared',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      for (const c of pod.containers) {
        for (const probe of PROBES) {
          for (const handler of HANDLERS) {
            const node = at(c.node, probe, handler, 'port');
            if (!isScalar(node) || node.value === null) continue;
            const path = `${c.path}.${probe}.${handler}.port`;
            if (typeof node.value === 'number') {
              if (node.value < 1 || node.value > 65535)
                report({
                  code: 'K8S039',
                  severity: 'error',
                  message: invalid(path, node.value, PORT_RANGE),
                  at: node.span,
                });
              continue;
            }
            const name = String(node.value);
            const why = handler === 'grpc' ? undefined : portNameError(name);
            if (why !== undefined) {
              report({ code: 'K8S039', severity: 'error', message: invalid(path, name, why), at: node.span });
              continue;
            }
            if (c.ports.some((p) => p.name === name)) continue;
            report({
              code: 'K8S039',
              severity: 'warning',
              message: `${path}: container "${c.name}" has no port named "${name}"; the probe fails at run time`,
              at: node.span,
            });
          }
        }
      }
    }
  },
};
