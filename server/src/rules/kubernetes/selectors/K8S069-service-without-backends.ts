import { at, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';

/** A Service without selector and without Endpoints/EndpointSlices in the project has no backends. */
export const K8S069: K8sRule = {
  id: 'K8S069',
  title: 'Selectorless Service without endpoints',
  scope: 'namespace',
  reads: ['Service', 'Endpoints', 'EndpointSlice'],
  fields: { Service: ['spec.selector', 'spec.type'] },
  run({ model, report }) {
    const named = new Set<string>();
    for (const e of model.byKind.get('Endpoints') ?? []) named.add(`${e.unit}\0${e.namespace}\0${e.name}`);
    for (const e of model.byKind.get('EndpointSlice') ?? []) {
      const svc = str(at(e.node, 'metadata', 'labels', 'kubernetes.io/service-name'));
      if (svc !== undefined) named.add(`${e.unit}\0${e.namespace}\0${svc}`);
    }
    for (const s of model.services) {
      if (s.selector !== undefined || s.type === 'ExternalName' || s.selectorNode !== undefined) continue;
      if (named.has(`${s.obj.unit}\0${s.obj.namespace}\0${s.obj.name}`)) continue;
      report({
        code: 'K8S069',
        severity: 'warning',
        message: `Service ${s.obj.name} has no selector and no Endpoints or EndpointSlice (label kubernetes.io/service-name: ${s.obj.name}) in the project: it has no backends unless something else creates them`,
        at: s.obj.anchor,
      });
    }
  },
};
