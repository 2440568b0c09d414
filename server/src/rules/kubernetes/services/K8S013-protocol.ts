import { get, isScalar } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import type { K8sRule, K8sRuleContext } from '../rule';
import { unsupported } from '../texts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `protocol` of a Service port or a container port not exactly TCP, UDP or SCTP (case matters). */
export const K8S013: K8sRule = {
  id: 'K8S013',
  title: 'Unsupported protocol',
  scope: 'object',
  run(ctx) {
    for (const s of ctx.model.services)
      for (const p of s.ports) check(ctx, get(p.node, 'protocol'), `${p.path}.protocol`);
    for (const pod of ctx.model.pods)
      for (const c of pod.containers)
        for (const p of c.ports) check(ctx, get(p.node, 'protocol'), `${p.path}.protocol`);
  },
};

function check({ report }: K8sRuleContext, node: PNode | null | undefined, path: string): void {
  if (!isScalar(node) || node.value === null) return;
  const v = String(node.value);
  if (PROTOCOLS.includes(v)) return;
  const fix = PROTOCOLS.find((p) => p === v.toUpperCase());
  report({
    code: 'K8S013',
    severity: 'error',
    message: unsupported(path, v, PROTOCOLS),
    at: node.span,
    ...(fix ? { fix: { kind: 'replace' as const, title: `Use ${fix}`, text: fix } } : {}),
  });
}
