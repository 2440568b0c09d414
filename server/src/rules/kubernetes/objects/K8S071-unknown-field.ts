import { isMap, isSeq } from '../../../yaml/tree';
import type { PMap, PNode } from '../../../yaml/tree';
import type { K8sRule, K8sRuleContext } from '../rule';

/** Networking fields people mis-case, by the map they belong in; the right spelling for each. */
const FIELDS: Record<string, string[]> = {
  servicePort: ['name', 'protocol', 'appProtocol', 'port', 'targetPort', 'nodePort'],
  containerPort: ['name', 'hostPort', 'containerPort', 'protocol', 'hostIP'],
  serviceSpec: [
    'ports',
    'selector',
    'clusterIP',
    'clusterIPs',
    'type',
    'externalIPs',
    'sessionAffinity',
    'loadBalancerIP',
    'loadBalancerSourceRanges',
    'externalName',
    'externalTrafficPolicy',
    'healthCheckNodePort',
    'publishNotReadyAddresses',
    'sessionAffinityConfig',
    'ipFamilies',
    'ipFamilyPolicy',
    'allocateLoadBalancerNodePorts',
    'loadBalancerClass',
    'internalTrafficPolicy',
    'trafficDistribution',
  ],
};

/**
 * A field of a Service port, container port or Service spec that is the right name in the wrong case
 * (`nodeport`, `targetport`, `Type`): strict decoding (kubectl's default since 1.25) refuses the object.
 */
export const K8S071: K8sRule = {
  id: 'K8S071',
  title: 'Mis-cased networking field',
  scope: 'object',
  run(ctx) {
    for (const s of ctx.model.services) {
      check(ctx, s.spec, 'spec', FIELDS['serviceSpec'] ?? []);
      for (const p of s.ports) check(ctx, p.node, p.path, FIELDS['servicePort'] ?? []);
    }
    for (const pod of ctx.model.pods)
      for (const c of pod.containers)
        for (const p of c.ports) check(ctx, p.node, p.path, FIELDS['containerPort'] ?? []);
  },
};

function check(
  { report }: K8sRuleContext,
  map: PNode | null | undefined,
  path: string,
  known: string[],
): void {
  if (!isMap(map) || isSeq(map)) return;
  for (const e of (map as PMap).entries) {
    if (known.includes(e.key)) continue;
    const right = known.find((k) => k.toLowerCase() === e.key.toLowerCase());
    if (right === undefined) continue;
    report({
      code: 'K8S071',
      severity: 'error',
      message: `strict decoding error: unknown field "${path}.${e.key}" (did you mean "${right}"?)`,
      at: e.keySpan,
      fix: { kind: 'replace', title: `Rename to ${right}`, text: right },
    });
  }
}
