import { get } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** Under `hostNetwork: true` a `hostPort` must equal its `containerPort`. */
export const K8S034: K8sRule = {
  id: 'K8S034',
  title: 'hostPort differs from containerPort under hostNetwork',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      if (!pod.hostNetwork) continue;
      for (const c of pod.containers) {
        for (const p of c.ports) {
          if (
            p.hostPort === undefined ||
            p.hostPort === 0 ||
            p.containerPort === undefined ||
            p.hostPort === p.containerPort
          )
            continue;
          report({
            code: 'K8S034',
            severity: 'error',
            message: invalid(
              `${p.path}.hostPort`,
              p.hostPort,
              'must match `containerPort` when `hostNetwork` is true',
            ),
            at: get(p.node, 'hostPort')?.span ?? p.node.span,
            fix: { kind: 'replace', title: `Use ${p.containerPort}`, text: String(p.containerPort) },
          });
        }
      }
    }
  },
};
