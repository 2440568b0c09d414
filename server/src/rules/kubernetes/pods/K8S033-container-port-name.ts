import { get } from '../../../yaml/tree';
import type { ContainerPort } from '../../../kubernetes/workloads';
import type { K8sRule } from '../rule';
import { duplicate, invalid, portNameError } from '../texts';

/**
 * Container port names are IANA service names, unique within a container (E); the same name in two
 * containers of a pod is accepted, but a Service's named targetPort then resolves to the first only (W).
 */
export const K8S033: K8sRule = {
  id: 'K8S033',
  title: 'Container port name invalid or duplicated',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      const inPod = new Map<string, ContainerPort>();
      for (const c of pod.containers) {
        const inContainer = new Set<string>();
        for (const p of c.ports) {
          if (p.name === undefined || p.name === '') continue;
          const at = get(p.node, 'name')?.span ?? p.node.span;
          const why = portNameError(p.name);
          if (why !== undefined)
            report({
              code: 'K8S033',
              severity: 'error',
              message: invalid(`${p.path}.name`, p.name, why),
              at,
            });
          if (inContainer.has(p.name)) {
            report({ code: 'K8S033', severity: 'error', message: duplicate(`${p.path}.name`, p.name), at });
            continue;
          }
          inContainer.add(p.name);
          const other = inPod.get(p.name);
          if (other !== undefined && c.group === 'containers') {
            report({
              code: 'K8S033',
              severity: 'warning',
              message: `${p.path}.name: "${p.name}" is also the name of ${other.path}; a Service's targetPort "${p.name}" resolves to the first container only`,
              at,
              related: [
                {
                  at: get(other.node, 'name')?.span ?? other.node.span,
                  message: `${other.path} is named "${p.name}"`,
                },
              ],
            });
          } else if (other === undefined) inPod.set(p.name, p);
        }
      }
    }
  },
};
