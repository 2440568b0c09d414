import { get, isMap, isSeq } from '../../../yaml/tree';
import type { PMap, PNode } from '../../../yaml/tree';
import type { K8sObject } from '../../../kubernetes/objects';

/** One peer (`from[]`/`to[]` item) of a NetworkPolicy rule, with its field path. */
/** `policy` is the object the tree was first read for (the same tree in a later load: same name and place). */
export interface Peer {
  policy: K8sObject;
  direction: 'ingress' | 'egress';
  rule: PMap;
  node: PMap;
  path: string;
}

export interface PolicyRule {
  policy: K8sObject;
  direction: 'ingress' | 'egress';
  node: PMap;
  path: string;
  peers: Peer[];
  ports: { node: PMap; path: string }[];
}

/** Rules by the policy's parse tree: unchanged policies are not walked again after an edit. */
const rulesCache = new WeakMap<object, PolicyRule[]>();

export function policyRules(policy: K8sObject): PolicyRule[] {
  const known = rulesCache.get(policy.node);
  if (known !== undefined) return known;
  const out = walkRules(policy);
  rulesCache.set(policy.node, out);
  return out;
}

function walkRules(policy: K8sObject): PolicyRule[] {
  const out: PolicyRule[] = [];
  const spec = get(policy.node, 'spec');
  for (const direction of ['ingress', 'egress'] as const) {
    const list = get(spec, direction);
    if (!isSeq(list)) continue;
    list.items.forEach((rule, i) => {
      if (!isMap(rule)) return;
      const path = `spec.${direction}[${i}]`;
      const side = direction === 'ingress' ? 'from' : 'to';
      const peersNode = get(rule, side);
      const peers: Peer[] = [];
      if (isSeq(peersNode))
        peersNode.items.forEach((p, j) => {
          if (isMap(p)) peers.push({ policy, direction, rule, node: p, path: `${path}.${side}[${j}]` });
        });
      const portsNode = get(rule, 'ports');
      const ports: PolicyRule['ports'] = [];
      if (isSeq(portsNode))
        portsNode.items.forEach((p, j) => {
          if (isMap(p)) ports.push({ node: p, path: `${path}.ports[${j}]` });
        });
      out.push({ policy, direction, node: rule, path, peers, ports });
    });
  }
  return out;
}

export const peers = (policy: K8sObject): Peer[] => policyRules(policy).flatMap((r) => r.peers);

export function scalarText(n: PNode | null | undefined): string | undefined {
  return n?.kind === 'scalar' && n.value !== null ? String(n.value) : undefined;
}
