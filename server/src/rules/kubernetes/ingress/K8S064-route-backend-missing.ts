import type { Finding } from '@switchyard/core';
import { get, isSeq, str } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import { describeObject } from '../../../kubernetes/objects';
import type { K8sObject } from '../../../kubernetes/objects';
import { backendRefs, isGatewayApi, isServiceRef, ROUTE_KINDS } from './gateway';
import type { BackendRef } from './gateway';
import type { K8sModel } from '../../../kubernetes/cross-object';
import type { K8sRule } from '../rule';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * A Gateway API route's `backendRefs` to a core Service that is not in the project, to a port that Service
 * does not have, or into another namespace that grants no `ReferenceGrant` to the route. The implementation
 * sets `ResolvedRefs=False` on the route (`BackendNotFound` / `RefNotPermitted`) and answers 500 for that rule.
 */
export const K8S064: K8sRule = {
  id: 'K8S064',
  title: 'Route backend Service or port missing, or not granted',
  reads: [...ROUTE_KINDS, 'Service', 'ReferenceGrant'],
  fields: { Service: ['spec.ports.*.port'] },
  run({ model, report }) {
    for (const [kind] of model.byKind) {
      if (!ROUTE_KINDS.has(kind)) continue;
      for (const route of model.byKind.get(kind) ?? []) {
        if (!isGatewayApi(route)) continue;
        for (const b of backendRefs(route)) {
          if (!isServiceRef(b) || b.name === undefined) continue;
          const f = check(model, route, b);
          if (f !== undefined) report({ code: 'K8S064', severity: 'warning', ...f });
        }
      }
    }
  },
};

type Problem = Omit<Finding<Span>, 'code' | 'severity'>;

function check(model: K8sModel, route: K8sObject, b: BackendRef): Problem | undefined {
  const nameNode = get(b.node, 'name');
  const at = (nameNode ?? b.node).span;
  if (b.namespace !== route.namespace && !granted(model, route, b)) {
    return {
      message: `${b.path}: ResolvedRefs=False (RefNotPermitted): no ReferenceGrant in namespace "${b.namespace}" lets ${route.kind} from "${route.namespace}" reference Service "${b.name}"; add one to "${b.namespace}"`,
      at: (b.namespaceNode ?? nameNode ?? b.node).span,
    };
  }
  const services = model.servicesIn(route.unit, b.namespace);
  const svc = services.find((s) => s.obj.name === b.name);
  if (svc === undefined) {
    const names = services.map((s) => s.obj.name);
    return {
      message: `${b.path}.name: ResolvedRefs=False (BackendNotFound): no Service "${b.name}" in namespace "${b.namespace}"${names.length > 0 ? ` (there: ${names.slice(0, 8).join(', ')})` : ''}`,
      at,
    };
  }
  if (b.port === undefined || svc.ports.some((p) => p.port === b.port)) return undefined;
  const have = svc.ports.map((p) => String(p.port)).join(', ');
  const first = svc.ports[0]?.port;
  return {
    message: `${b.path}.port: ResolvedRefs=False (BackendNotFound): ${describeObject(svc.obj)} has no port ${b.port} (its ports: ${have || 'none'})`,
    at: (b.portNode ?? b.node).span,
    related: [{ at: svc.obj.anchor, message: `${describeObject(svc.obj)} is defined here` }],
    ...(first !== undefined
      ? { fix: { kind: 'replace' as const, title: `Use port ${first}`, text: String(first) } }
      : {}),
  };
}

/** A ReferenceGrant in the target namespace whose `from` names the route and whose `to` names the Service. */
function granted(model: K8sModel, route: K8sObject, b: BackendRef): boolean {
  for (const g of model.byKind.get('ReferenceGrant') ?? []) {
    if (g.unit !== route.unit || g.namespace !== b.namespace) continue;
    const spec = get(g.node, 'spec');
    const from = get(spec, 'from');
    const to = get(spec, 'to');
    if (!isSeq(from) || !isSeq(to)) continue;
    const fromOk = from.items.some(
      (f) =>
        str(get(f, 'group')) === GATEWAY_GROUP &&
        str(get(f, 'kind')) === route.kind &&
        str(get(f, 'namespace')) === route.namespace,
    );
    const toOk = to.items.some(
      (t) =>
        (str(get(t, 'group')) ?? '') === '' &&
        str(get(t, 'kind')) === 'Service' &&
        ((str(get(t, 'name')) ?? '') === '' || str(get(t, 'name')) === b.name),
    );
    if (fromOk && toOk) return true;
  }
  return false;
}
