import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';

/** `hostIP` without `hostPort` does nothing. */
export const K8S036: K8sRule = {
  id: 'K8S036',
  title: 'hostIP without hostPort',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      if (pod.hostNetwork) continue;
      for (const c of pod.containers) {
        for (const p of c.ports) {
          if (p.hostIP === undefined || (p.hostPort ?? 0) !== 0) continue;
          report({
            code: 'K8S036',
            severity: 'warning',
            message: `${p.path}: hostIP set without hostPort: {Name:${p.name ?? ''} HostPort:0 ContainerPort:${p.containerPort ?? 0} Protocol:${p.protocol} HostIP:${p.hostIP}}`,
            at: keySpanOf(p.node, 'hostIP') ?? p.node.span,
          });
        }
      }
    }
  },
};
