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
 * How a model made by `modelAfter` differs from the one it was made from: only these Services, each
 * swapped in place (old, new), so what is derived from the previous model can be updated instead of made
 * again (node-ports.ts). Only the latest step is kept: a model's origin is dropped when the next is made.
 */
export interface ModelOrigin {
  previous: K8sModel;
  services: (readonly [ServiceInfo, ServiceInfo])[];
}

const origins = new WeakMap<K8sModel, ModelOrigin>();

export const originOf = (model: K8sModel): ModelOrigin | undefined => origins.get(model);

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

/** The model of a project if one was made (by `modelOf` or `modelAfter`), without making one. */
export const knownModel = (project: K8sProject): K8sModel | undefined => models.get(project);

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

/** What a model is made of, kept so the next load's model can be made from it (`modelAfter`). */
interface Parts {
  byKind: Map<string, K8sObject[]>;
  services: ServiceInfo[];
  pods: PodTemplate[];
  svcByNs: Map<string, ServiceInfo[]>;
  podByNs: Map<string, PodTemplate[]>;
  svcByUnit: Map<string, ServiceInfo[]>;
  podByUnit: Map<string, PodTemplate[]>;
}

const partsOf = new WeakMap<K8sModel, Parts>();
const nsKey = (o: K8sObject): string => `${o.unit}\0${o.namespace ?? ''}`;

function build(project: K8sProject): K8sModel {
  const byKind = group(project.objects, (o) => o.kind);
  const services = (byKind.get('Service') ?? []).map(cachedService);
  const pods: PodTemplate[] = [];
  for (const o of project.objects) {
    const p = cachedPod(o);
    if (p !== undefined) pods.push(p);
  }
  return assemble({
    byKind,
    services,
    pods,
    svcByNs: group(services, (s) => nsKey(s.obj)),
    podByNs: group(pods, (p) => nsKey(p.obj)),
    svcByUnit: group(services, (s) => s.obj.unit),
    podByUnit: group(pods, (p) => p.obj.unit),
  });
}

function assemble(parts: Parts): K8sModel {
  const { svcByNs, podByNs, svcByUnit, podByUnit } = parts;
  const model: K8sModel = {
    services: parts.services,
    pods: parts.pods,
    byKind: parts.byKind,
    servicesIn: (unit, ns) => svcByNs.get(`${unit}\0${ns ?? ''}`) ?? [],
    podsIn: (unit, ns) => podByNs.get(`${unit}\0${ns ?? ''}`) ?? [],
    podsOfUnit: (unit) => podByUnit.get(unit) ?? [],
    servicesOfUnit: (unit) => svcByUnit.get(unit) ?? [],
  };
  partsOf.set(model, parts);
  return model;
}

/**
 * The model of `project` made from `previous`, the model of a load whose objects were the same records
 * except `pairs` (old, new): objects edited in place, with the same kind, name, namespace, unit and file.
 * Only the lists holding an edited object are copied, so a keystroke does not regroup 2,000 objects. Made
 * afresh when an edit turns an object into a pod template or out of one.
 */
export function modelAfter(
  previous: K8sModel,
  project: K8sProject,
  pairs: readonly (readonly [K8sObject, K8sObject])[],
): K8sModel {
  const known = models.get(project);
  if (known !== undefined) return known;
  const was = partsOf.get(previous);
  if (was === undefined) return modelOf(project);
  const parts: Parts = {
    ...was,
    byKind: new Map(was.byKind),
    svcByNs: new Map(was.svcByNs),
    podByNs: new Map(was.podByNs),
    svcByUnit: new Map(was.svcByUnit),
    podByUnit: new Map(was.podByUnit),
  };
  const copied = new Set<unknown>();
  /** The list under `key` in `map`, copied the first time it is written in this model. */
  const own = <T>(map: Map<string, T[]>, key: string): T[] | undefined => {
    const list = map.get(key);
    if (list === undefined || copied.has(list)) return list;
    const copy = list.slice();
    copied.add(copy);
    map.set(key, copy);
    return copy;
  };
  const swap = <T>(list: T[] | undefined, old: T, now: T): boolean => {
    const i = list?.indexOf(old) ?? -1;
    if (list === undefined || i < 0) return false;
    list[i] = now;
    return true;
  };
  let services: ServiceInfo[] | undefined;
  let pods: PodTemplate[] | undefined;
  const swapped: (readonly [ServiceInfo, ServiceInfo])[] = [];
  for (const [a, b] of pairs) {
    if (a === b) continue;
    if (!swap(own(parts.byKind, b.kind), a, b)) return fresh(project);
    if (b.kind === 'Service') {
      const old = parts.services.find((s) => s.obj === a);
      if (old === undefined) return fresh(project);
      const now = cachedService(b);
      services ??= parts.services.slice();
      parts.services = services;
      if (!swap(services, old, now)) return fresh(project);
      if (!swap(own(parts.svcByNs, nsKey(b)), old, now)) return fresh(project);
      if (!swap(own(parts.svcByUnit, b.unit), old, now)) return fresh(project);
      if (old !== now) swapped.push([old, now]);
    }
    const oldPod = (parts.podByNs.get(nsKey(a)) ?? []).find((p) => p.obj === a);
    const newPod = cachedPod(b);
    if ((oldPod === undefined) !== (newPod === undefined)) return fresh(project);
    if (oldPod !== undefined && newPod !== undefined) {
      pods ??= parts.pods.slice();
      parts.pods = pods;
      if (!swap(pods, oldPod, newPod)) return fresh(project);
      if (!swap(own(parts.podByNs, nsKey(b)), oldPod, newPod)) return fresh(project);
      if (!swap(own(parts.podByUnit, b.unit), oldPod, newPod)) return fresh(project);
    }
  }
  const model = assemble(parts);
  models.set(project, model);
  // Only one step back: the previous model lets go of its own predecessor.
  origins.delete(previous);
  origins.set(model, { previous, services: swapped });
  return model;
}

function fresh(project: K8sProject): K8sModel {
  const model = build(project);
  models.set(project, model);
  return model;
}
