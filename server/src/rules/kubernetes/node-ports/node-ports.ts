import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import type { K8sModel } from '../../../kubernetes/cross-object';
import { hasNodePorts } from '../../../kubernetes/services';
import type { ServiceInfo, ServicePort } from '../../../kubernetes/services';

/** One requested nodePort: the Service, the port entry and where the number is written. */
export interface NodePortClaim {
  service: ServiceInfo;
  port: ServicePort;
  at: Span;
}

/** Claims and clashes per model and unit: K8S001, K8S002 and K8S027 share one computation per analysis. */
const memo = new WeakMap<K8sModel, Map<string, { claims: NodePortClaim[]; clashes?: NodePortClash[] }>>();

function memoOf(model: K8sModel, unit: string): { claims: NodePortClaim[]; clashes?: NodePortClash[] } {
  let byUnit = memo.get(model);
  if (byUnit === undefined) {
    byUnit = new Map();
    memo.set(model, byUnit);
  }
  let m = byUnit.get(unit);
  if (m === undefined) {
    m = { claims: readClaims(model, unit) };
    byUnit.set(unit, m);
  }
  return m;
}

/** Every nodePort a NodePort/LoadBalancer Service asks for, per unit, in project order. */
export function nodePortClaims(model: K8sModel, unit: string): NodePortClaim[] {
  return memoOf(model, unit).claims;
}

function readClaims(model: K8sModel, unit: string): NodePortClaim[] {
  const out: NodePortClaim[] = [];
  for (const s of model.servicesOfUnit(unit)) {
    if (!hasNodePorts(s)) continue;
    for (const p of s.ports) {
      if (p.nodePort === undefined || p.nodePort === 0) continue;
      out.push({ service: s, port: p, at: get(p.node, 'nodePort')?.span ?? p.node.span });
    }
  }
  return out;
}

export interface NodePortClash {
  claim: NodePortClaim;
  first: NodePortClaim;
  sameProtocol: boolean;
}

/**
 * The allocator's view (K8S002/K8S007/K8S027): nodePorts are one cluster-wide set of numbers without
 * protocol. Entries of one Service with the same `port` share their nodePort (`findRequestedNodePort`);
 * any other second use of a number is refused.
 */
export function nodePortClashes(model: K8sModel, unit: string): NodePortClash[] {
  const m = memoOf(model, unit);
  m.clashes ??= readClashes(model, unit);
  return m.clashes;
}

function readClashes(model: K8sModel, unit: string): NodePortClash[] {
  const claims = new Map<number, NodePortClaim[]>();
  const out: NodePortClash[] = [];
  for (const c of nodePortClaims(model, unit)) {
    const n = c.port.nodePort ?? 0;
    const prior = claims.get(n) ?? [];
    claims.set(n, [...prior, c]);
    // Entries of one Service with the same `port` share one allocation.
    const others = prior.filter((p) => !(p.service === c.service && p.port.port === c.port.port));
    if (others.length === 0) continue;
    const same = others.find((p) => p.port.protocol === c.port.protocol);
    out.push({ claim: c, first: same ?? others[0] ?? c, sameProtocol: same !== undefined });
  }
  return out;
}

/** A free nodePort in the range for a quick fix: the highest unused one (auto-allocation prefers the top band). */
export function freeNodePort(model: K8sModel, unit: string, min: number, max: number): number | undefined {
  const used = new Set(nodePortClaims(model, unit).map((c) => c.port.nodePort));
  for (let p = max; p >= min && max - p < 100000; p--) if (!used.has(p)) return p;
  return undefined;
}
