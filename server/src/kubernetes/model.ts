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

export function modelOf(project: K8sProject): K8sModel {
  let m = models.get(project);
  if (m === undefined) {
    m = build(project);
    models.set(project, m);
  }
  return m;
}

function group<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
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
  const services = (byKind.get('Service') ?? []).map(serviceOf);
  const pods = project.objects.flatMap((o) => {
    const p = podTemplateOf(o);
    return p === undefined ? [] : [p];
  });
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
