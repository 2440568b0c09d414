import { at, get, str } from '../../../yaml/tree';
import type { K8sRule } from '../rule';
import { POD_KINDS } from '../../../kubernetes/workloads';

/** A StatefulSet's `serviceName` (or a pod's `subdomain`) names no headless Service: no per-pod DNS names. */
export const K8S068: K8sRule = {
  id: 'K8S068',
  title: 'serviceName names no headless Service',
  scope: 'namespace',
  reads: ['Service', ...POD_KINDS],
  fields: { Service: ['spec.clusterIP'] },
  run({ model, report }) {
    for (const pod of model.pods) {
      const o = pod.obj;
      const node = o.kind === 'StatefulSet' ? at(o.node, 'spec', 'serviceName') : get(pod.spec, 'subdomain');
      const name = str(node);
      if (name === undefined || name === '' || !node) continue;
      const svc = model.servicesIn(o.unit, o.namespace).find((s) => s.obj.name === name);
      if (svc?.headless === true) continue;
      const field = o.kind === 'StatefulSet' ? 'spec.serviceName' : `${pod.prefix}.subdomain`;
      report({
        code: 'K8S068',
        severity: 'warning',
        message:
          svc === undefined
            ? `${field}: no Service "${name}" in namespace "${o.namespace}": the pods get no per-pod DNS names (${o.kind === 'StatefulSet' ? `${o.name}-0.${name}` : `<hostname>.${name}`}.${o.namespace}.svc)`
            : `${field}: Service "${name}" is not headless (clusterIP: None): the pods get no per-pod DNS names`,
        at: node.span,
        ...(svc ? { related: [{ at: svc.obj.anchor, message: `Service ${name} has a cluster IP` }] } : {}),
      });
    }
  },
};
