import { get } from '../../../yaml/tree';
import type { Container } from '../../../kubernetes/workloads';
import type { K8sRule, K8sRuleContext } from '../rule';
import { duplicate } from '../texts';

/**
 * The same `protocol/hostIP/hostPort` twice in one pod (`AccumulateUniqueHostPorts`): regular containers
 * are checked together, each init container alone (they run one after another).
 */
export const K8S004: K8sRule = {
  id: 'K8S004',
  title: 'Duplicate hostPort in one pod',
  scope: 'object',
  run(ctx) {
    for (const pod of ctx.model.pods) {
      // A bare Pod with hostNetwork gets hostPort = containerPort before validation.
      const defaulted = pod.obj.kind === 'Pod' && pod.hostNetwork;
      check(
        ctx,
        pod.containers.filter((c) => c.group === 'containers'),
        defaulted,
      );
      for (const c of pod.containers.filter((x) => x.group === 'initContainers')) check(ctx, [c], defaulted);
    }
  },
};

function check({ report }: K8sRuleContext, containers: Container[], defaulted: boolean): void {
  const seen = new Set<string>();
  for (const c of containers) {
    for (const p of c.ports) {
      const port =
        p.hostPort !== undefined && p.hostPort !== 0 ? p.hostPort : defaulted ? p.containerPort : undefined;
      if (port === undefined || port === 0) continue;
      const key = `${p.protocol}/${p.hostIP ?? ''}/${port}`;
      if (!seen.has(key)) {
        seen.add(key);
        continue;
      }
      report({
        code: 'K8S004',
        severity: 'error',
        message: duplicate(`${p.path}.hostPort`, key),
        at: (get(p.node, 'hostPort') ?? get(p.node, 'containerPort'))?.span ?? p.node.span,
      });
    }
  }
}
