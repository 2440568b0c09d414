import { get, isScalar } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid, PORT_RANGE, required } from '../texts';

/** `containerPort` missing, 0 or out of range; `hostPort` out of range (0 means none). */
export const K8S032: K8sRule = {
  id: 'K8S032',
  title: 'Container port out of range',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      for (const c of pod.containers) {
        for (const p of c.ports) {
          const cp = get(p.node, 'containerPort');
          if (cp === undefined || cp === null || (isScalar(cp) && cp.value === 0)) {
            report({
              code: 'K8S032',
              severity: 'error',
              message: required(`${p.path}.containerPort`),
              at: (cp ?? p.node).span,
            });
          } else if (
            isScalar(cp) &&
            typeof cp.value === 'number' &&
            (cp.value < 1 || cp.value > 65535 || !Number.isInteger(cp.value))
          ) {
            report({
              code: 'K8S032',
              severity: 'error',
              message: invalid(`${p.path}.containerPort`, cp.value, PORT_RANGE),
              at: cp.span,
            });
          }
          const hp = get(p.node, 'hostPort');
          if (
            isScalar(hp) &&
            typeof hp.value === 'number' &&
            hp.value !== 0 &&
            (hp.value < 1 || hp.value > 65535)
          )
            report({
              code: 'K8S032',
              severity: 'error',
              message: invalid(`${p.path}.hostPort`, hp.value, PORT_RANGE),
              at: hp.span,
            });
        }
      }
    }
  },
};
