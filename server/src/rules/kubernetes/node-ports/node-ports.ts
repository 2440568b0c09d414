import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { originOf } from '../../../kubernetes/cross-object';
import type { K8sModel } from '../../../kubernetes/cross-object';
import { hasNodePorts } from '../../../kubernetes/services';
import type { ServiceInfo, ServicePort } from '../../../kubernetes/services';

/** One requested nodePort: the Service, the port entry and where the number is written. */
export interface NodePortClaim {
  service: ServiceInfo;
  port: ServicePort;
  at: Span;
  /** Its place among the unit's claims (project order). */
  order: number;
}

/**
 * A unit's nodePorts, shared by K8S001, K8S002, K8S007 and K8S027 (one computation per analysis): the
 * claims in project order and by number. After a keystroke the model's Services differ from the last
 * model's in one or two records (`originOf`), so the last model's claims are taken over and only those
 * Services' claims are swapped, instead of reading 500 Services again.
 */
interface Claims {
  claims: NodePortClaim[];
  /** Claims per number, each list in project order. */
  byNumber: Map<number, NodePortClaim[]>;
  /** Numbers claimed more than once. */
  shared: Set<number>;
  clashes?: NodePortClash[];
}

const memo = new WeakMap<K8sModel, Map<string, Claims>>();

function memoOf(model: K8sModel, unit: string): Claims {
  let byUnit = memo.get(model);
  if (byUnit === undefined) {
    byUnit = new Map();
    memo.set(model, byUnit);
  }
  let m = byUnit.get(unit);
  if (m === undefined) {
    m = takenOver(model, unit) ?? readClaims(model, unit);
    byUnit.set(unit, m);
  }
  return m;
}

/** Every nodePort a NodePort/LoadBalancer Service asks for, per unit, in project order. */
export function nodePortClaims(model: K8sModel, unit: string): NodePortClaim[] {
  return memoOf(model, unit).claims;
}

function claimsOf(s: ServiceInfo, order: number): NodePortClaim[] {
  const out: NodePortClaim[] = [];
  if (!hasNodePorts(s)) return out;
  for (const port of s.ports) {
    if (port.nodePort === undefined || port.nodePort === 0) continue;
    out.push({ service: s, port, at: get(port.node, 'nodePort')?.span ?? port.node.span, order: order++ });
  }
  return out;
}

function readClaims(model: K8sModel, unit: string): Claims {
  const m: Claims = { claims: [], byNumber: new Map(), shared: new Set() };
  for (const s of model.servicesOfUnit(unit))
    for (const c of claimsOf(s, m.claims.length)) {
      m.claims.push(c);
      add(m, c);
    }
  return m;
}

const numberOf = (c: NodePortClaim): number => c.port.nodePort ?? 0;

/** Files a claim under its number, in project order. */
function add(m: Claims, c: NodePortClaim): void {
  const n = numberOf(c);
  const list = m.byNumber.get(n);
  if (list === undefined) {
    m.byNumber.set(n, [c]);
    return;
  }
  let i = list.length;
  while (i > 0 && (list[i - 1] as NodePortClaim).order > c.order) i--;
  list.splice(i, 0, c);
  m.shared.add(n);
}

function remove(m: Claims, c: NodePortClaim): void {
  const n = numberOf(c);
  const list = m.byNumber.get(n);
  const i = list?.indexOf(c) ?? -1;
  if (list === undefined || i < 0) return;
  list.splice(i, 1);
  if (list.length === 0) m.byNumber.delete(n);
  if (list.length < 2) m.shared.delete(n);
}

/**
 * The claims of a model made by `modelAfter`, from its predecessor's (which gives them up: they are
 * changed in place): each swapped Service's claims replace the old ones at the same places. Undefined
 * (read afresh) when the predecessor has none for the unit or a Service's number of claims changed.
 */
function takenOver(model: K8sModel, unit: string): Claims | undefined {
  const origin = originOf(model);
  const before = origin === undefined ? undefined : memo.get(origin.previous);
  const m = before?.get(unit);
  if (origin === undefined || before === undefined || m === undefined) return undefined;
  before.delete(unit);
  for (const [old, now] of origin.services) {
    if (now.obj.unit !== unit) continue;
    const first = m.claims.findIndex((c) => c.service === old);
    let count = 0;
    while (first >= 0 && m.claims[first + count]?.service === old) count++;
    const fresh = claimsOf(now, first < 0 ? 0 : first);
    if (fresh.length !== count) return undefined;
    for (let i = 0; i < count; i++) {
      const was = m.claims[first + i] as NodePortClaim;
      const c = fresh[i] as NodePortClaim;
      remove(m, was);
      m.claims[first + i] = c;
      add(m, c);
    }
  }
  return { claims: m.claims, byNumber: m.byNumber, shared: m.shared };
}

export interface NodePortClash {
  claim: NodePortClaim;
  first: NodePortClaim;
  sameProtocol: boolean;
}

/**
 * The allocator's view (K8S002/K8S007/K8S027): nodePorts are one cluster-wide set of numbers without
 * protocol. Entries of one Service with the same `port` share their nodePort (`findRequestedNodePort`);
 * any other second use of a number is refused. In project order of the refused claim.
 */
export function nodePortClashes(model: K8sModel, unit: string): NodePortClash[] {
  const m = memoOf(model, unit);
  m.clashes ??= readClashes(m);
  return m.clashes;
}

function readClashes(m: Claims): NodePortClash[] {
  const out: NodePortClash[] = [];
  for (const n of m.shared) {
    const list = m.byNumber.get(n) ?? [];
    list.forEach((c, j) => {
      // Entries of one Service with the same `port` share one allocation.
      const others = list
        .slice(0, j)
        .filter((p) => !(p.service === c.service && p.port.port === c.port.port));
      if (others.length === 0) return;
      const same = others.find((p) => p.port.protocol === c.port.protocol);
      out.push({ claim: c, first: same ?? others[0] ?? c, sameProtocol: same !== undefined });
    });
  }
  return out.sort((a, b) => a.claim.order - b.claim.order);
}

/** A free nodePort in the range for a quick fix: the highest unused one (auto-allocation prefers the top band). */
export function freeNodePort(model: K8sModel, unit: string, min: number, max: number): number | undefined {
  const used = memoOf(model, unit).byNumber;
  for (let p = max; p >= min && max - p < 100000; p--) if (!used.has(p)) return p;
  return undefined;
}
