import { get, isMap, isSeq, str } from '../../../yaml/tree';
import type { PMap, PNode } from '../../../yaml/tree';
import { intOf } from '../../../kubernetes/objects';
import type { K8sObject } from '../../../kubernetes/objects';

/** Gateway API objects (`gateway.networking.k8s.io`), which the CRDs validate with CEL (K8S054, K8S064). */
export const isGatewayApi = (o: K8sObject): boolean => o.apiVersion.startsWith('gateway.networking.k8s.io/');

export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** One `spec.rules[i].backendRefs[j]` of a route, with the CRD's defaults (group "", kind Service). */
export interface BackendRef {
  node: PMap;
  path: string;
  group: string;
  kind: string;
  name: string | undefined;
  /** The namespace it points into: its own `namespace`, else the route's. */
  namespace: string | undefined;
  namespaceNode: PNode | undefined;
  port: number | undefined;
  portNode: PNode | undefined;
}

export const isServiceRef = (b: BackendRef): boolean => b.group === '' && b.kind === 'Service';

export function backendRefs(route: K8sObject): BackendRef[] {
  const rules = get(get(route.node, 'spec'), 'rules');
  if (!isSeq(rules)) return [];
  const out: BackendRef[] = [];
  rules.items.forEach((rule, i) => {
    const refs = get(rule, 'backendRefs');
    if (!isSeq(refs)) return;
    refs.items.forEach((ref, j) => {
      if (!isMap(ref)) return;
      const namespaceNode = get(ref, 'namespace') ?? undefined;
      const portNode = get(ref, 'port') ?? undefined;
      out.push({
        node: ref,
        path: `spec.rules[${i}].backendRefs[${j}]`,
        group: str(get(ref, 'group')) ?? '',
        kind: str(get(ref, 'kind')) ?? 'Service',
        name: str(get(ref, 'name')),
        namespace: str(namespaceNode) ?? route.namespace,
        namespaceNode,
        port: intOf(portNode),
        portNode,
      });
    });
  });
  return out;
}

/** One `spec.listeners[i]` of a Gateway. */
export interface Listener {
  node: PMap;
  index: number;
  name: string | undefined;
  protocol: string | undefined;
  port: number | undefined;
  hostname: string | undefined;
}

export function listenersOf(gateway: K8sObject): Listener[] {
  const list = get(get(gateway.node, 'spec'), 'listeners');
  if (!isSeq(list)) return [];
  return list.items.flatMap((l, index) =>
    isMap(l)
      ? [
          {
            node: l,
            index,
            name: str(get(l, 'name')),
            protocol: str(get(l, 'protocol')),
            port: intOf(get(l, 'port')),
            hostname: str(get(l, 'hostname')),
          },
        ]
      : [],
  );
}
