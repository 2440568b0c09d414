import { at, get, isMap, isSeq, str } from '../yaml/tree';
import type { PMap, PNode } from '../yaml/tree';
import { intOf, stringMap } from './objects';
import type { K8sObject } from './objects';

/** A container port with the apiserver's defaults applied (protocol TCP). */
export interface ContainerPort {
  node: PMap;
  /** The field path the apiserver prints (`spec.template.spec.containers[0].ports[1]`). */
  path: string;
  name: string | undefined;
  containerPort: number | undefined;
  hostPort: number | undefined;
  protocol: string;
  hostIP: string | undefined;
}

export interface Container {
  node: PMap;
  path: string;
  group: 'containers' | 'initContainers';
  name: string;
  /** Init containers with `restartPolicy: Always` (sidecars) run beside the others and serve named ports. */
  sidecar: boolean;
  ports: ContainerPort[];
}

/** The pod a workload makes (or a Pod itself), where its spec is and what labels its pods carry. */
export interface PodTemplate {
  obj: K8sObject;
  spec: PMap;
  /** `spec` for a Pod, `spec.template.spec` for controllers, `spec.jobTemplate.spec.template.spec` for CronJobs. */
  prefix: string;
  labels: Map<string, string>;
  labelsNode: PNode | undefined;
  containers: Container[];
  hostNetwork: boolean;
  replicas: number;
  nodeSelector: Map<string, string>;
}

const TEMPLATE_PATH: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  PodTemplate: ['template'],
};

/** The kinds that make pods (a Pod, and the controllers with a pod template). */
export const POD_KINDS: readonly string[] = ['Pod', ...Object.keys(TEMPLATE_PATH)];

/** The pod template of a workload object, undefined for other kinds or when it has no pod spec. */
export function podTemplateOf(obj: K8sObject): PodTemplate | undefined {
  let template: PNode | null | undefined;
  let prefix: string;
  if (obj.kind === 'Pod') {
    template = obj.node;
    prefix = 'spec';
  } else {
    const path = TEMPLATE_PATH[obj.kind];
    if (path === undefined) return undefined;
    template = at(obj.node, ...path);
    prefix = [...path, 'spec'].join('.');
  }
  const spec = get(template, 'spec');
  if (!isMap(spec)) return undefined;
  const labelsNode = at(template, 'metadata', 'labels') ?? undefined;
  const containers: Container[] = [];
  for (const group of ['containers', 'initContainers'] as const) {
    const list = get(spec, group);
    if (!isSeq(list)) continue;
    list.items.forEach((c, i) => {
      if (!isMap(c)) return;
      const path = `${prefix}.${group}[${i}]`;
      containers.push({
        node: c,
        path,
        group,
        name: str(get(c, 'name')) ?? '',
        sidecar: group === 'initContainers' && str(get(c, 'restartPolicy')) === 'Always',
        ports: portsOf(c, path),
      });
    });
  }
  const replicas = intOf(at(obj.node, 'spec', 'replicas'));
  return {
    obj,
    spec,
    prefix,
    labels: stringMap(labelsNode),
    labelsNode,
    containers,
    hostNetwork: str(get(spec, 'hostNetwork')) === 'true',
    replicas: obj.kind === 'Pod' || obj.kind === 'DaemonSet' ? 1 : (replicas ?? 1),
    nodeSelector: stringMap(get(spec, 'nodeSelector')),
  };
}

function portsOf(container: PMap, path: string): ContainerPort[] {
  const list = get(container, 'ports');
  if (!isSeq(list)) return [];
  const out: ContainerPort[] = [];
  list.items.forEach((p, i) => {
    if (!isMap(p)) return;
    const hostIP = str(get(p, 'hostIP'));
    out.push({
      node: p,
      path: `${path}.ports[${i}]`,
      name: str(get(p, 'name')),
      containerPort: intOf(get(p, 'containerPort')),
      hostPort: intOf(get(p, 'hostPort')),
      protocol: str(get(p, 'protocol')) ?? 'TCP',
      hostIP: hostIP === '' ? undefined : hostIP,
    });
  });
  return out;
}

/** The containers that serve a Service's named port (`FindPort`): regular ones, then sidecars. */
export function servingContainers(pod: PodTemplate): Container[] {
  return [
    ...pod.containers.filter((c) => c.group === 'containers'),
    ...pod.containers.filter((c) => c.sidecar),
  ];
}
