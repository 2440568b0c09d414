import { at, get, isMap, isScalar, isSeq, str } from '../../yaml/tree';
import type { PEntry, PNode, Span } from '../../yaml/tree';
import { modelOf } from '../../kubernetes/cross-object';
import type { K8sModel } from '../../kubernetes/cross-object';
import type { K8sObject } from '../../kubernetes/objects';
import type { K8sProject } from '../../kubernetes/project';
import { mapMatches } from '../../kubernetes/selectors';
import type { ServiceInfo } from '../../kubernetes/services';
import type { PodTemplate } from '../../kubernetes/workloads';
import { backendRefs, isGatewayApi, isServiceRef, ROUTE_KINDS } from '../../rules/kubernetes/ingress/gateway';
import { ingressBackends } from '../../rules/kubernetes/ingress/ingress-backends';
import { peers } from '../../rules/kubernetes/network-policy/netpol';
import { selectedPods } from './chain';
import { locate } from './locate';

/**
 * The Kubernetes names that tie objects together, for references and rename: a Service's name (its
 * declaration, Ingress and Gateway route backends, StatefulSet `serviceName`); a label `key: value` (Service
 * selectors, workload selectors, pod template labels, NetworkPolicy pod selectors) within one namespace; a
 * container port name (the ports, the `targetPort`s of the Services that select those pods, probes); a
 * Service port name (the port, Ingress backends' `port.name`).
 */
export type NameKind = 'service' | 'label-key' | 'label-value' | 'container-port' | 'service-port';

export interface Occurrence {
  span: Span;
  declaration: boolean;
}

export interface NameAtCursor {
  kind: NameKind;
  /** The text the cursor is on (the name, the label key or the label value). */
  text: string;
  /** Where the cursor's own occurrence is. */
  here: Span;
  all: Occurrence[];
}

/** The span of a scalar's text without its quotes, so a rename keeps them. */
export function textSpan(n: PNode, text: string): Span {
  const { span } = n;
  const written = isScalar(n) ? n.source : text;
  const quoted = isScalar(n) && n.quoted && span.end - span.start === written.length + 2;
  return quoted ? { file: span.file, start: span.start + 1, end: span.end - 1 } : span;
}

function keySpanOf(e: PEntry): Span {
  const s = e.keySpan;
  return s.end - s.start === e.key.length + 2 ? { file: s.file, start: s.start + 1, end: s.end - 1 } : s;
}

const scalarOcc = (n: PNode | null | undefined, declaration: boolean): Occurrence[] => {
  const text = str(n);
  return n && isScalar(n) && text !== undefined ? [{ span: textSpan(n, text), declaration }] : [];
};

const inSpan = (s: Span, file: string, offset: number): boolean =>
  s.file === file && s.start <= offset && offset <= s.end;

/** What name is at `offset`, with every place it is written in the project. */
export function nameAt(project: K8sProject, file: string, offset: number): NameAtCursor | undefined {
  const here = locate(project, file, offset);
  if (here === undefined) return undefined;
  const model = modelOf(project);
  const { obj } = here;
  const keys = here.steps.map((s) => s.key);
  const last = here.steps[here.steps.length - 1];
  const node = here.node;
  const text = str(node);
  const path = keys.join('.');
  const done = (kind: NameKind, t: string, span: Span, all: Occurrence[]): NameAtCursor | undefined =>
    all.length > 0 ? { kind, text: t, here: span, all } : undefined;

  // A label entry: the cursor on its key or on its value.
  const labelMap = labelMapAt(obj, keys);
  if (labelMap !== undefined && last !== undefined && typeof last.key === 'string') {
    const e = isMap(labelMap) ? labelMap.entries.find((x) => x.key === last.key) : undefined;
    const value = str(e?.value);
    if (e !== undefined && value !== undefined) {
      const all = labelOccurrences(model, obj, e.key, value, last.onKey);
      return last.onKey
        ? done('label-key', e.key, keySpanOf(e), all)
        : done('label-value', value, textSpan(e.value as PNode, value), all);
    }
  }
  if (node === null || !isScalar(node) || text === undefined || last?.onKey) return undefined;
  const span = textSpan(node, text);
  if (!inSpan(span, file, offset)) return undefined;

  if (obj.kind === 'Service' && path === 'metadata.name')
    return done('service', text, span, serviceOccurrences(model, obj.unit, obj.namespace, text));
  if (obj.kind === 'StatefulSet' && path === 'spec.serviceName')
    return done('service', text, span, serviceOccurrences(model, obj.unit, obj.namespace, text));
  if (obj.kind === 'Ingress') {
    const b = ingressBackends(obj).find(
      (x) => x.service !== undefined && x.service !== null && inNode(x.service, span),
    );
    if (b !== undefined && get(b.service, 'name') === node)
      return done('service', text, span, serviceOccurrences(model, obj.unit, obj.namespace, text));
    if (b !== undefined && b.portName !== undefined && get(b.portNode, 'name') === node) {
      const svc = model.servicesIn(obj.unit, obj.namespace).find((s) => s.obj.name === b.serviceName);
      return svc ? done('service-port', text, span, servicePortOccurrences(model, svc, text)) : undefined;
    }
  }
  if (ROUTE_KINDS.has(obj.kind) && isGatewayApi(obj)) {
    const ref = backendRefs(obj).find((r) => get(r.node, 'name') === node);
    if (ref !== undefined && isServiceRef(ref))
      return done('service', text, span, serviceOccurrences(model, obj.unit, ref.namespace, text));
  }
  if (obj.kind === 'Service') {
    const svc = model.services.find((s) => s.obj === obj);
    const port = svc?.ports.find((p) => p.index === keys[2]);
    if (svc !== undefined && port !== undefined && keys[0] === 'spec' && keys[1] === 'ports') {
      if (keys[3] === 'name')
        return done('service-port', text, span, servicePortOccurrences(model, svc, text));
      if (keys[3] === 'targetPort' && typeof port.targetPort === 'string')
        return done('container-port', text, span, containerPortOccurrences(model, [svc], [], text));
    }
  }
  const pod = model.pods.find((p) => p.obj === obj);
  if (pod !== undefined) {
    const container = pod.containers.find((c) => inNode(c.node, span));
    const isPortName = container?.ports.some((p) => get(p.node, 'name') === node) ?? false;
    const isProbe = PROBES.some((probe) =>
      HANDLERS.some((h) => at(container?.node, probe, h, 'port') === node),
    );
    if (container !== undefined && (isPortName || isProbe))
      return done('container-port', text, span, containerPortOccurrences(model, [], [pod], text));
  }
  return undefined;
}

const inNode = (n: PNode, s: Span): boolean =>
  n.span.file === s.file && n.span.start <= s.start && s.end <= n.span.end;

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'];

/** Every place a Service name is written: the Service, Ingress backends, route backendRefs, `serviceName`. */
function serviceOccurrences(
  model: K8sModel,
  unit: string,
  ns: string | undefined,
  name: string,
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const s of model.servicesIn(unit, ns))
    if (s.obj.name === name) out.push(...scalarOcc(get(get(s.obj.node, 'metadata'), 'name'), true));
  for (const ing of model.byKind.get('Ingress') ?? [])
    if (ing.unit === unit && ing.namespace === ns)
      for (const b of ingressBackends(ing))
        if (b.serviceName === name) out.push(...scalarOcc(get(b.service, 'name'), false));
  for (const sts of model.byKind.get('StatefulSet') ?? [])
    if (sts.unit === unit && sts.namespace === ns && str(at(sts.node, 'spec', 'serviceName')) === name)
      out.push(...scalarOcc(at(sts.node, 'spec', 'serviceName'), false));
  for (const [kind, list] of model.byKind) {
    if (!ROUTE_KINDS.has(kind)) continue;
    for (const route of list) {
      if (route.unit !== unit || !isGatewayApi(route)) continue;
      for (const r of backendRefs(route))
        if (isServiceRef(r) && r.name === name && r.namespace === ns)
          out.push(...scalarOcc(get(r.node, 'name'), false));
    }
  }
  return out;
}

/** A Service port's name and the Ingress backends (same namespace) that name it. */
function servicePortOccurrences(model: K8sModel, svc: ServiceInfo, name: string): Occurrence[] {
  const out: Occurrence[] = [];
  for (const p of svc.ports) if (p.name === name) out.push(...scalarOcc(get(p.node, 'name'), true));
  for (const ing of model.byKind.get('Ingress') ?? []) {
    if (ing.unit !== svc.obj.unit || ing.namespace !== svc.obj.namespace) continue;
    for (const b of ingressBackends(ing))
      if (b.serviceName === svc.obj.name && b.portName === name)
        out.push(...scalarOcc(get(b.portNode, 'name'), false));
  }
  return out;
}

/**
 * A container port name across the pods and Services that share it: the Services' named `targetPort`s,
 * the pods they select, and the Services selecting those pods with the same `targetPort`, to a fixed point.
 */
function containerPortOccurrences(
  model: K8sModel,
  services: ServiceInfo[],
  pods: PodTemplate[],
  name: string,
): Occurrence[] {
  const S = new Set(services);
  const P = new Set(pods);
  for (let changed = true, rounds = 0; changed && rounds < 64; rounds++) {
    changed = false;
    for (const s of [...S])
      for (const p of selectedPods(model, s))
        if (!P.has(p)) {
          P.add(p);
          changed = true;
        }
    for (const p of [...P])
      for (const s of model.servicesIn(p.obj.unit, p.obj.namespace)) {
        if (S.has(s) || s.selector === undefined || !mapMatches(s.selector, p.labels)) continue;
        if (!s.ports.some((sp) => sp.targetPort === name)) continue;
        S.add(s);
        changed = true;
      }
  }
  const out: Occurrence[] = [];
  for (const p of P)
    for (const c of p.containers) {
      for (const cp of c.ports) if (cp.name === name) out.push(...scalarOcc(get(cp.node, 'name'), true));
      for (const probe of PROBES)
        for (const h of HANDLERS) {
          const n = at(c.node, probe, h, 'port');
          if (str(n) === name && isScalar(n) && typeof n.value === 'string') out.push(...scalarOcc(n, false));
        }
    }
  for (const s of S)
    for (const sp of s.ports)
      if (sp.targetPort === name && sp.targetPortWritten)
        out.push(...scalarOcc(get(sp.node, 'targetPort'), false));
  return out;
}

/** The label maps of an object that select or carry pod labels, by path from the object's root. */
function labelMaps(obj: K8sObject, podOf: Map<K8sObject, PodTemplate>): PNode[] {
  const out: (PNode | null | undefined)[] = [];
  if (obj.kind === 'Service') out.push(at(obj.node, 'spec', 'selector'));
  else if (obj.kind === 'NetworkPolicy') {
    out.push(at(obj.node, 'spec', 'podSelector', 'matchLabels'));
    for (const p of peers(obj))
      if (get(p.node, 'namespaceSelector') === undefined) out.push(at(p.node, 'podSelector', 'matchLabels'));
  } else {
    const pod = podOf.get(obj);
    if (pod !== undefined) {
      out.push(pod.labelsNode);
      const sel = at(obj.node, 'spec', 'selector');
      out.push(obj.kind === 'ReplicationController' ? sel : get(sel, 'matchLabels'));
    }
  }
  return out.filter((n): n is PNode => isMap(n));
}

/** The label map the cursor path is in (the path's last key is the label key). */
function labelMapAt(obj: K8sObject, keys: (string | number)[]): PNode | undefined {
  let n = obj.node as PNode | null | undefined;
  for (const k of keys.slice(0, -1))
    n = typeof k === 'number' ? (isSeq(n) ? n.items[k] : undefined) : get(n, k);
  if (!isMap(n)) return undefined;
  // Only the maps that select or carry pod labels (not annotations or other string maps).
  const tail = keys.slice(-3, -1).join('.');
  const ok =
    (obj.kind === 'Service' && keys.length === 3 && tail === 'spec.selector') ||
    tail.endsWith('metadata.labels') ||
    tail.endsWith('selector.matchLabels') ||
    tail.endsWith('podSelector.matchLabels') ||
    (obj.kind === 'ReplicationController' && tail === 'spec.selector');
  if (!ok) return undefined;
  // An object's own `metadata.labels` select nothing, except a Pod's, which are its pod labels.
  if (tail === 'metadata.labels' && keys.length === 3 && obj.kind !== 'Pod') return undefined;
  return n;
}

function labelOccurrences(
  model: K8sModel,
  obj: K8sObject,
  key: string,
  value: string,
  onKey: boolean,
): Occurrence[] {
  const out: Occurrence[] = [];
  const podOf = new Map(model.pods.map((p) => [p.obj, p]));
  for (const [, objects] of model.byKind) {
    for (const o of objects) {
      if (o.unit !== obj.unit || o.namespace !== obj.namespace) continue;
      for (const m of labelMaps(o, podOf)) {
        if (!isMap(m)) continue;
        const e = m.entries.find((x) => x.key === key);
        if (e === undefined || str(e.value) !== value || e.value === null) continue;
        const declaration = m === podOf.get(o)?.labelsNode;
        out.push({ span: onKey ? keySpanOf(e) : textSpan(e.value, value), declaration });
      }
    }
  }
  return out;
}
