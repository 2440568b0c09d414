import { get } from '../../../yaml/tree';
import { describeObject } from '../../../kubernetes/objects';
import { ingressBackends } from './ingress-backends';
import type { K8sRule } from '../rule';

/** An Ingress backend names a Service that is not in its namespace, or a port that Service does not have. */
export const K8S063: K8sRule = {
  id: 'K8S063',
  title: 'Ingress backend Service or port missing',
  scope: 'namespace',
  reads: ['Ingress', 'Service'],
  fields: { Service: ['spec.ports.*.name', 'spec.ports.*.port'] },
  run({ model, report }) {
    for (const ing of model.byKind.get('Ingress') ?? []) {
      const services = model.servicesIn(ing.unit, ing.namespace);
      for (const b of ingressBackends(ing)) {
        if (b.serviceName === undefined) continue;
        const svc = services.find((s) => s.obj.name === b.serviceName);
        if (svc === undefined) {
          const names = services.map((s) => s.obj.name);
          report({
            code: 'K8S063',
            severity: 'warning',
            message: `${b.path}.service.name: no Service "${b.serviceName}" in namespace "${ing.namespace}"${names.length > 0 ? ` (there: ${names.slice(0, 8).join(', ')})` : ''}; the controller answers 503`,
            at: get(b.service, 'name')?.span ?? b.node.span,
          });
          continue;
        }
        const port = b.portNumber ?? b.portName;
        if (port === undefined) continue;
        const ok = svc.ports.some((p) => (typeof port === 'number' ? p.port === port : p.name === port));
        if (ok) continue;
        const have = svc.ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
        const first = svc.ports[0];
        report({
          code: 'K8S063',
          severity: 'warning',
          message: `${b.path}.service.port: ${describeObject(svc.obj)} has no port ${typeof port === 'number' ? port : `named "${port}"`} (its ports: ${have || 'none'})`,
          at: (get(b.portNode, 'number') ?? get(b.portNode, 'name') ?? b.portNode ?? b.node).span,
          related: [{ at: svc.obj.anchor, message: `${describeObject(svc.obj)} is defined here` }],
          ...(first !== undefined && first.port !== undefined && typeof port === 'number'
            ? { fix: { kind: 'replace' as const, title: `Use port ${first.port}`, text: String(first.port) } }
            : {}),
        });
      }
    }
  },
};
