import type { K8sObject } from './objects';
import type { K8sProject } from './project';
import { serviceOf } from './services';
import type { ServiceInfo } from './services';
import { podTemplateOf } from './workloads';
import type { PodTemplate } from './workloads';

/** What the cross-object rules look things up in, built once per load and shared by every rule. */
export interface K8sModel {
  services: ServiceInfo[];
  pods: PodTemplate[];
  byKind: Map<string, K8sObject[]>;
  /** Services and pod templates by `unit \0 namespace`: Services and selectors never cross either. */
  servicesIn(unit: string, namespace: string | undefined): ServiceInfo[];
  podsIn(unit: string, namespace: string | undefined): PodTemplate[];
  /** Pod templates of a unit, all namespaces (host ports and node ports are cluster-wide). */
  podsOfUnit(unit: string): PodTemplate[];
  servicesOfUnit(unit: string): ServiceInfo[];
}

const models = new WeakMap<K8sProject, K8sModel>();

/**
 * What each object's parse tree yields, kept across loads: an unchanged document keeps its tree (the parse
 * cache), so after a keystroke only the edited object is read again. A record is reused for the new load's
 * object only when that object is the same (unit, namespace, name, file); it then points at the new object.
 */
const serviceCache = new WeakMap<object, ServiceInfo>();
const podCache = new WeakMap<object, PodTemplate | null>();

const sameObject = (a: K8sObject, b: K8sObject): boolean =>
  a.unit === b.unit &&
  a.namespace === b.namespace &&
  a.name === b.name &&
  a.file === b.file &&
  a.kind === b.kind;

function cachedService(o: K8sObject): ServiceInfo {
  const known = serviceCache.get(o.node);
  if (known !== undefined && sameObject(known.obj, o)) return known.obj === o ? known : { ...known, obj: o };
  const fresh = serviceOf(o);
  serviceCache.set(o.node, fresh);
  return fresh;
}

function cachedPod(o: K8sObject): PodTemplate | undefined {
  const known = podCache.get(o.node);
  if (known === null) return undefined;
  if (known !== undefined && sameObject(known.obj, o)) return known.obj === o ? known : { ...known, obj: o };
  const fresh = podTemplateOf(o);
  podCache.set(o.node, fresh ?? null);
  return fresh;
}

export function modelOf(project: K8sProject): K8sModel {
  let m = models.get(project);
  if (m === undefined) {
    m = build(project);
    models.set(project, m);
  }
  return m;
}

/** A list split by a key, each part in list order, the parts in order of first appearance. */
export function group<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    const l = out.get(k);
    if (l === undefined) out.set(k, [t]);
    else l.push(t);
  }
  return out;
}

function build(project: K8sProject): K8sModel {
  const byKind = group(project.objects, (o) => o.kind);
  const services = (byKind.get('Service') ?? []).map(cachedService);
  const pods: PodTemplate[] = [];
  for (const o of project.objects) {
    const p = cachedPod(o);
    if (p !== undefined) pods.push(p);
  }
  const nsKey = (o: K8sObject): string => `${o.unit}\0${o.namespace ?? ''}`;
  const svcByNs = group(services, (s) => nsKey(s.obj));
  const podByNs = group(pods, (p) => nsKey(p.obj));
  const svcByUnit = group(services, (s) => s.obj.unit);
  const podByUnit = group(pods, (p) => p.obj.unit);
  return {
    services,
    pods,
    byKind,
    servicesIn: (unit, ns) => svcByNs.get(`${unit}\0${ns ?? ''}`) ?? [],
    podsIn: (unit, ns) => podByNs.get(`${unit}\0${ns ?? ''}`) ?? [],
    podsOfUnit: (unit) => podByUnit.get(unit) ?? [],
    servicesOfUnit: (unit) => svcByUnit.get(unit) ?? [],
  };
}
