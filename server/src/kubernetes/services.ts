import { get, isMap, isScalar, isSeq, str } from '../yaml/tree';
import type { PMap, PNode } from '../yaml/tree';
import { intOf, stringMap } from './objects';
import type { K8sObject } from './objects';

/** A Service port after the apiserver's defaults: protocol TCP, targetPort = port. */
export interface ServicePort {
  node: PMap;
  index: number;
  path: string;
  name: string | undefined;
  protocol: string;
  port: number | undefined;
  /** A number, a port name, or undefined when `port` is missing too. */
  targetPort: number | string | undefined;
  /** False when `targetPort` was defaulted from `port`. */
  targetPortWritten: boolean;
  nodePort: number | undefined;
}

export interface ServiceInfo {
  obj: K8sObject;
  spec: PMap | undefined;
  /** `spec.type`, defaulted to ClusterIP. */
  type: string;
  /** The selector, undefined for a Service without one (its endpoints are managed by hand). */
  selector: Map<string, string> | undefined;
  selectorNode: PNode | undefined;
  ports: ServicePort[];
  clusterIP: string | undefined;
  headless: boolean;
}

export function serviceOf(obj: K8sObject): ServiceInfo {
  const spec = get(obj.node, 'spec');
  const selectorNode = get(spec, 'selector') ?? undefined;
  const selector =
    isMap(selectorNode) && selectorNode.entries.length > 0 ? stringMap(selectorNode) : undefined;
  const clusterIP = str(get(spec, 'clusterIP'));
  return {
    obj,
    spec: isMap(spec) ? spec : undefined,
    type: str(get(spec, 'type')) ?? 'ClusterIP',
    selector,
    selectorNode,
    ports: portsOf(get(spec, 'ports')),
    clusterIP,
    headless: clusterIP === 'None',
  };
}

function portsOf(list: PNode | null | undefined): ServicePort[] {
  if (!isSeq(list)) return [];
  const out: ServicePort[] = [];
  list.items.forEach((p, index) => {
    if (!isMap(p)) return;
    const port = intOf(get(p, 'port'));
    const tp = get(p, 'targetPort');
    const tpValue = isScalar(tp) ? tp.value : null;
    const written =
      typeof tpValue === 'number' ? tpValue !== 0 : typeof tpValue === 'string' && tpValue !== '';
    out.push({
      node: p,
      index,
      path: `spec.ports[${index}]`,
      name: str(get(p, 'name')),
      protocol: str(get(p, 'protocol')) ?? 'TCP',
      port,
      targetPort: written ? (tpValue as number | string) : port,
      targetPortWritten: written,
      nodePort: intOf(get(p, 'nodePort')),
    });
  });
  return out;
}

/** Types that get node ports. */
export const hasNodePorts = (s: ServiceInfo): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
