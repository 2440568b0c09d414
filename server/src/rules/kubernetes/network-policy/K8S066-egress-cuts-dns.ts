import { contains, addrOf, parsePrefix } from '@switchyard/core';
import { at, get, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import { intOf, keySpanOf } from '../../../kubernetes/objects';
import type { K8sObject } from '../../../kubernetes/objects';
import { labelSelectorOf } from '../../../kubernetes/selectors';
import type { Peer, PolicyRule } from './netpol';
import { policyRules } from './netpol';
import type { K8sRule } from '../rule';

/**
 * An Egress policy selects pods and none of the Egress policies that also select them allows port 53 to
 * the cluster DNS (kube-dns in kube-system, or an ipBlock holding its address): name resolution stops.
 */
export const K8S066: K8sRule = {
  id: 'K8S066',
  title: 'Egress policy cuts pods off DNS',
  scope: 'namespace',
  reads: ['NetworkPolicy'],
  run({ project, model, report }) {
    const dnsIP = project.cluster.dnsIP?.text;
    const policies = (model.byKind.get('NetworkPolicy') ?? []).filter((p) => verdict(p, dnsIP).egress);
    // Policies are additive: a pod may reach DNS through any Egress policy of its namespace that selects it.
    const allowing = new Map<string, Map<string, string>[]>();
    for (const q of policies) {
      if (!verdict(q, dnsIP).allows) continue;
      const k = `${q.unit}\0${q.namespace ?? ''}`;
      allowing.set(k, [...(allowing.get(k) ?? []), matchLabels(q)]);
    }
    for (const p of policies) {
      const mine = matchLabels(p);
      const covered = (allowing.get(`${p.unit}\0${p.namespace ?? ''}`) ?? []).some((sel) =>
        [...sel].every(([k, v]) => mine.get(k) === v),
      );
      if (covered) continue;
      const spec = get(p.node, 'spec');
      report({
        code: 'K8S066',
        severity: 'warning',
        message: `NetworkPolicy ${p.namespace}/${p.name} blocks egress from the pods it selects and no egress rule allows DNS (UDP and TCP 53 to kube-dns in kube-system${dnsIP ? ` or ${dnsIP}` : ''}): name resolution fails in those pods`,
        at: keySpanOf(spec, 'egress') ?? get(spec, 'policyTypes')?.span ?? p.anchor,
      });
    }
  },
};

function isEgress(p: K8sObject): boolean {
  const spec = get(p.node, 'spec');
  const types = get(spec, 'policyTypes');
  if (isSeq(types)) return types.items.some((t) => str(t) === 'Egress');
  return get(spec, 'egress') !== undefined;
}

function matchLabels(p: K8sObject): Map<string, string> {
  return labelSelectorOf(at(p.node, 'spec', 'podSelector'))?.matchLabels ?? new Map();
}

function portAllowsDns(port: PNode): boolean {
  const proto = str(get(port, 'protocol')) ?? 'TCP';
  if (proto === 'SCTP') return false;
  const p = get(port, 'port');
  if (p === undefined || p === null) return true;
  const n = intOf(p);
  if (n === undefined) return ['dns', 'dns-tcp', 'domain'].includes(str(p) ?? '');
  const end = intOf(get(port, 'endPort')) ?? n;
  return n <= 53 && 53 <= end;
}

function peerReachesDns(peer: Peer, dnsIP: string | undefined): boolean {
  const block = get(peer.node, 'ipBlock');
  if (block !== undefined && block !== null) {
    const c = parsePrefix(str(get(block, 'cidr')) ?? '');
    const ip = dnsIP === undefined ? undefined : addrOf(dnsIP);
    return c.ok && (ip === undefined || contains(c.value, ip));
  }
  const ns = labelSelectorOf(get(peer.node, 'namespaceSelector'));
  const pods = labelSelectorOf(get(peer.node, 'podSelector'));
  const nsOk =
    ns === undefined
      ? false
      : (ns.matchLabels.size === 0 && ns.expressions.length === 0) ||
        ns.matchLabels.get('kubernetes.io/metadata.name') === 'kube-system' ||
        ns.matchLabels.get('name') === 'kube-system';
  const podsOk =
    pods === undefined ||
    (pods.matchLabels.size === 0 && pods.expressions.length === 0) ||
    pods.matchLabels.get('k8s-app') === 'kube-dns';
  return nsOk && podsOk;
}

/** Whether a policy has an egress rule that reaches DNS, kept by its tree and the DNS address. */
const verdicts = new WeakMap<object, { dnsIP: string | undefined; allows: boolean; egress: boolean }>();

function verdict(p: K8sObject, dnsIP: string | undefined): { allows: boolean; egress: boolean } {
  const known = verdicts.get(p.node);
  if (known !== undefined && known.dnsIP === dnsIP) return known;
  const egress = isEgress(p);
  const allows = egress && policyRules(p).some((r) => r.direction === 'egress' && allowsDns(r, dnsIP));
  const v = { dnsIP, allows, egress };
  verdicts.set(p.node, v);
  return v;
}

function allowsDns(rule: PolicyRule, dnsIP: string | undefined): boolean {
  const toAll = get(rule.node, 'to') === undefined || rule.peers.length === 0;
  const portsOk = rule.ports.length === 0 || rule.ports.some((p) => portAllowsDns(p.node));
  return portsOk && (toAll || rule.peers.some((peer) => peerReachesDns(peer, dnsIP)));
}
