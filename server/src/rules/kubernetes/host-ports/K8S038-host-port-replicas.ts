import { at } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { hostPortUses, SCHEDULER_TEXT } from './host-ports';

/** A workload with host ports and several replicas: one such pod per node, the rest stay Pending. */
export const K8S038: K8sRule = {
  id: 'K8S038',
  title: 'hostPort with several replicas',
  scope: 'object',
  run({ model, report }) {
    for (const pod of model.pods) {
      if (pod.replicas <= 1) continue;
      const uses = hostPortUses(pod);
      const first = uses[0];
      if (first === undefined) continue;
      report({
        code: 'K8S038',
        severity: 'warning',
        message: `spec.replicas: ${pod.replicas} replicas of a pod that takes host port ${first.number}/${first.protocol}: only one fits per node, on clusters with fewer nodes the rest stay Pending: ${SCHEDULER_TEXT}`,
        at: at(pod.obj.node, 'spec', 'replicas')?.span ?? pod.obj.anchor,
        related: uses.map((u) => ({ at: u.at, message: `host port ${u.number}/${u.protocol}` })),
      });
    }
  },
};
