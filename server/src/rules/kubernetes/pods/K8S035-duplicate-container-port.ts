import { get } from '../../../yaml/tree';
import type { ContainerPort } from '../../../kubernetes/workloads';
import type { K8sRule } from '../rule';

/**
 * Two port entries of one pod with the same containerPort and protocol (pod warnings.go): identical host
 * side → duplicate, one without hostPort → overlapping, same hostPort but one hostIP → dangerously ambiguous.
 */
export const K8S035: K8sRule = {
  id: 'K8S035',
  title: 'Duplicate container port in a pod',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      const seen: ContainerPort[] = [];
      for (const c of pod.containers) {
        for (const p of c.ports) {
          if (p.containerPort === undefined) continue;
          for (const o of seen) {
            if (o.containerPort !== p.containerPort || o.protocol !== p.protocol) continue;
            const kind =
              (o.hostPort ?? 0) === (p.hostPort ?? 0) && (o.hostIP ?? '') === (p.hostIP ?? '')
                ? 'duplicate'
                : (o.hostPort ?? 0) === 0 || (p.hostPort ?? 0) === 0
                  ? 'overlapping'
                  : o.hostPort === p.hostPort && (o.hostIP === undefined) !== (p.hostIP === undefined)
                    ? 'dangerously ambiguous'
                    : undefined;
            if (kind === undefined) continue;
            report({
              code: 'K8S035',
              severity: 'warning',
              message: `${p.path}: ${kind} port definition with ${o.path}`,
              at: get(p.node, 'containerPort')?.span ?? p.node.span,
              related: [
                {
                  at: get(o.node, 'containerPort')?.span ?? o.node.span,
                  message: `${o.path}: containerPort ${o.containerPort}/${o.protocol}`,
                },
              ],
            });
            break;
          }
          seen.push(p);
        }
      }
    }
  },
};
