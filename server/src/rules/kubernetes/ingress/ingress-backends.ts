import { at, get, isSeq, str } from '../../../yaml/tree';
import type { PNode } from '../../../yaml/tree';
import type { K8sObject } from '../../../kubernetes/objects';
import { intOf } from '../../../kubernetes/objects';

/** One Ingress backend: a rule path's or the default one, with its field path. */
export interface IngressBackend {
  ingress: K8sObject;
  path: string;
  node: PNode;
  service: PNode | null | undefined;
  serviceName: string | undefined;
  portNode: PNode | null | undefined;
  portNumber: number | undefined;
  portName: string | undefined;
}

const cache = new WeakMap<object, IngressBackend[]>();

/** The backends of an Ingress, kept by its parse tree (`ingress` is the object it was first read for). */
export function ingressBackends(ingress: K8sObject): IngressBackend[] {
  const known = cache.get(ingress.node);
  if (known !== undefined && known[0]?.ingress.namespace === ingress.namespace)
    return known.map((b) => ({ ...b, ingress }));
  const fresh = readBackends(ingress);
  cache.set(ingress.node, fresh);
  return fresh;
}

function readBackends(ingress: K8sObject): IngressBackend[] {
  const out: IngressBackend[] = [];
  const add = (node: PNode | null | undefined, path: string): void => {
    if (node === null || node === undefined) return;
    const service = get(node, 'service');
    const port = get(service, 'port');
    out.push({
      ingress,
      path,
      node,
      service,
      serviceName: str(get(service, 'name')),
      portNode: port,
      portNumber: intOf(get(port, 'number')),
      portName: str(get(port, 'name')),
    });
  };
  add(at(ingress.node, 'spec', 'defaultBackend'), 'spec.defaultBackend');
  const rules = at(ingress.node, 'spec', 'rules');
  if (isSeq(rules)) {
    rules.items.forEach((rule, i) => {
      const paths = at(rule, 'http', 'paths');
      if (!isSeq(paths)) return;
      paths.items.forEach((p, j) => add(get(p, 'backend'), `spec.rules[${i}].http.paths[${j}].backend`));
    });
  }
  return out;
}
