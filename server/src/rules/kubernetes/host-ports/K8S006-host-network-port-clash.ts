import { POD_KINDS } from '../../../kubernetes/workloads';
import { describeObject } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { hostPortClashes } from './host-port-clashes';

/**
 * A `hostNetwork: true` workload's containerPort is a host port too: with another such workload (or a
 * hostPort) on the same number, the one that binds second fails on the node (`address already in use`).
 */
export const K8S006: K8sRule = {
  id: 'K8S006',
  title: 'hostNetwork port clash',
  reads: POD_KINDS,
  run({ project, model, report }) {
    for (const { use, first } of hostPortClashes(project, model)) {
      if (!use.fromHostNetwork && !first.fromHostNetwork) continue;
      report({
        code: 'K8S006',
        severity: 'warning',
        message: `${use.port.path}: port ${use.number}/${use.protocol} is taken on the node by ${describeObject(first.pod.obj)}${first.fromHostNetwork ? ' (hostNetwork)' : ''}; on a node running both, one of them cannot bind it`,
        at: use.at,
        related: [
          {
            at: first.at,
            message: `${describeObject(first.pod.obj)} uses ${first.number}/${first.protocol} on the node`,
          },
        ],
      });
    }
  },
};
