import type { PNode } from '../../yaml/tree';
import { get } from '../../yaml/tree';
import type { K8sModel } from '../../kubernetes/model';
import { mapMatches } from '../../kubernetes/selectors';
import type { ServiceInfo, ServicePort } from '../../kubernetes/services';
import { servingContainers } from '../../kubernetes/workloads';
import type { PodTemplate } from '../../kubernetes/workloads';

/** The pod templates a Service selects (same unit and namespace). */
export function selectedPods(model: K8sModel, s: ServiceInfo): PodTemplate[] {
  if (s.selector === undefined) return [];
  const sel = s.selector;
  return model.podsIn(s.obj.unit, s.obj.namespace).filter((p) => mapMatches(sel, p.labels));
}

export interface ChainLink {
  pod: PodTemplate;
  container: string;
  containerPort: number | undefined;
  node: PNode;
}

/** Where a Service port's traffic lands: the container port each selected pod serves it on (FindPort). */
export function portChain(model: K8sModel, s: ServiceInfo, p: ServicePort): ChainLink[] {
  const out: ChainLink[] = [];
  for (const pod of selectedPods(model, s)) {
    for (const c of servingContainers(pod)) {
      const hit = c.ports.find((cp) =>
        typeof p.targetPort === 'string'
          ? cp.name === p.targetPort && cp.protocol === p.protocol
          : cp.containerPort === p.targetPort && cp.protocol === p.protocol,
      );
      if (hit !== undefined) {
        out.push({
          pod,
          container: c.name,
          containerPort: hit.containerPort,
          node: get(hit.node, typeof p.targetPort === 'string' ? 'name' : 'containerPort') ?? hit.node,
        });
        break;
      }
    }
  }
  return out;
}
