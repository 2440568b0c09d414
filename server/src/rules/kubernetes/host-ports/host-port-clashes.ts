import type { K8sModel } from '../../../kubernetes/cross-object';
import type { K8sProject } from '../../../kubernetes/project';
import { canShareNode, hostPortsConflict, hostPortUses } from './host-ports';
import type { HostPortUse } from './host-ports';

export interface HostPortClash {
  use: HostPortUse;
  first: HostPortUse;
  /** A host port no workload of the unit uses, near the clashing one, for a quick fix. */
  free: number | undefined;
}

const cache = new WeakMap<K8sProject, HostPortClash[]>();

/** Host-port clashes between different workloads of each unit (K8S005 written ports, K8S006 hostNetwork). */
export function hostPortClashes(project: K8sProject, model: K8sModel): HostPortClash[] {
  const known = cache.get(project);
  if (known !== undefined) return known;
  const out: HostPortClash[] = [];
  for (const unit of project.units) {
    const byNumber = new Map<number, HostPortUse[]>();
    const used = new Set<number>();
    for (const pod of model.podsOfUnit(unit)) {
      for (const use of hostPortUses(pod)) {
        used.add(use.number);
        const prior = byNumber.get(use.number) ?? [];
        const first = prior.find(
          (p) => p.pod !== use.pod && hostPortsConflict(p, use) && canShareNode(p.pod, use.pod),
        );
        if (first !== undefined) out.push({ use, first, free: undefined });
        prior.push(use);
        byNumber.set(use.number, prior);
      }
    }
    for (const c of out) {
      if (c.use.pod.obj.unit !== unit || c.use.fromHostNetwork) continue;
      for (let p = c.use.number + 1; p <= 65535; p++) {
        if (!used.has(p)) {
          c.free = p;
          break;
        }
      }
    }
  }
  cache.set(project, out);
  return out;
}
