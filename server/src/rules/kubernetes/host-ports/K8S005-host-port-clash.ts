import { POD_KINDS } from '../../../kubernetes/workloads';
import { describeObject } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { hostPortClashes } from './host-port-clashes';
import { SCHEDULER_TEXT } from './host-ports';

/**
 * Two workloads ask for the same hostPort (protocol, overlapping hostIP) and can land on one node: the
 * scheduler leaves the second Pending with `node(s) didn't have free ports for the requested pod ports`.
 */
export const K8S005: K8sRule = {
  id: 'K8S005',
  title: 'hostPort clash between workloads',
  reads: POD_KINDS,
  run({ project, model, report }) {
    for (const { use, first, free } of hostPortClashes(project, model)) {
      if (use.fromHostNetwork || first.fromHostNetwork) continue;
      report({
        code: 'K8S005',
        severity: 'warning',
        message: `${use.port.path}.hostPort: ${use.protocol} ${use.number} is also the hostPort of ${describeObject(first.pod.obj)}; where both can run on one node the second stays Pending: ${SCHEDULER_TEXT}`,
        at: use.at,
        related: [
          {
            at: first.at,
            message: `${describeObject(first.pod.obj)} takes hostPort ${first.number}/${first.protocol}`,
          },
        ],
        ...(free !== undefined
          ? { fix: { kind: 'replace' as const, title: `Use free hostPort ${free}`, text: String(free) } }
          : {}),
      });
    }
  },
};
