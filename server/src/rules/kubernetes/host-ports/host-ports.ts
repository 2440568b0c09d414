import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import type { PodTemplate, ContainerPort, Container } from '../../../kubernetes/workloads';

/** A host port a pod takes on its node: an explicit `hostPort`, or a `containerPort` under hostNetwork. */
export interface HostPortUse {
  pod: PodTemplate;
  container: Container;
  port: ContainerPort;
  number: number;
  protocol: string;
  /** '0.0.0.0' when no hostIP is given (the scheduler's default). */
  ip: string;
  /** True when it comes from `hostNetwork: true` rather than a written hostPort. */
  fromHostNetwork: boolean;
  at: Span;
}

export function hostPortUses(pod: PodTemplate): HostPortUse[] {
  const out: HostPortUse[] = [];
  for (const c of pod.containers) {
    for (const p of c.ports) {
      const written = p.hostPort !== undefined && p.hostPort !== 0;
      const number = written ? p.hostPort : pod.hostNetwork ? p.containerPort : undefined;
      if (number === undefined || number < 1 || number > 65535) continue;
      out.push({
        pod,
        container: c,
        port: p,
        number,
        protocol: p.protocol,
        ip: p.hostIP ?? '0.0.0.0',
        fromHostNetwork: !written,
        at: (written ? get(p.node, 'hostPort') : get(p.node, 'containerPort'))?.span ?? p.node.span,
      });
    }
  }
  return out;
}

/** The scheduler's `HostPortInfo.CheckConflict`: 0.0.0.0 conflicts with every IP; `::` is not a wildcard. */
export function hostPortsConflict(a: HostPortUse, b: HostPortUse): boolean {
  if (a.number !== b.number || a.protocol !== b.protocol) return false;
  return a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0';
}

/**
 * Two pod templates can land on one node unless their `nodeSelector`s disagree on a key. A DaemonSet runs
 * everywhere its selector allows, so it meets everything that can share a node with it.
 */
export function canShareNode(a: PodTemplate, b: PodTemplate): boolean {
  for (const [k, v] of a.nodeSelector) {
    const w = b.nodeSelector.get(k);
    if (w !== undefined && w !== v) return false;
  }
  return true;
}

export const SCHEDULER_TEXT = "node(s) didn't have free ports for the requested pod ports";
