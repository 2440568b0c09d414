import { get } from '../../../yaml/tree';
import { describeObject } from '../../../kubernetes/objects';
import { mapMatches } from '../../../kubernetes/selectors';
import { POD_KINDS, servingContainers } from '../../../kubernetes/workloads';
import type { K8sRule } from '../rule';

/**
 * A named `targetPort` must be a container port of that name and protocol in every selected pod
 * (`FindPort`), or that pod gets no endpoint for the port (W). A number is used as is; a selected pod that
 * declares no such containerPort is only a hint (I): containerPort is informational.
 */
export const K8S062: K8sRule = {
  id: 'K8S062',
  title: 'targetPort not exposed by the selected pods',
  scope: 'namespace',
  reads: ['Service', ...POD_KINDS],
  fields: {
    Service: [
      'spec.selector',
      'spec.type',
      'spec.ports.*.name',
      'spec.ports.*.port',
      'spec.ports.*.targetPort',
      'spec.ports.*.protocol',
    ],
  },
  run({ model, report }) {
    for (const s of model.services) {
      if (s.selector === undefined || s.type === 'ExternalName') continue;
      const pods = model
        .podsIn(s.obj.unit, s.obj.namespace)
        .filter((p) => mapMatches(s.selector ?? new Map(), p.labels));
      if (pods.length === 0) continue;
      for (const sp of s.ports) {
        const tp = sp.targetPort;
        if (tp === undefined) continue;
        const named = typeof tp === 'string';
        const missing = pods.filter(
          (p) =>
            !servingContainers(p).some((c) =>
              c.ports.some(
                (cp) => (named ? cp.name === tp : cp.containerPort === tp) && cp.protocol === sp.protocol,
              ),
            ),
        );
        if (missing.length === 0) continue;
        const pod = missing[0];
        if (pod === undefined) continue;
        const names = servingContainers(pod).flatMap((c) =>
          c.ports.map((cp) => cp.name ?? String(cp.containerPort)),
        );
        const at =
          (sp.targetPortWritten ? get(sp.node, 'targetPort') : get(sp.node, 'port'))?.span ?? sp.node.span;
        report({
          code: 'K8S062',
          severity: named ? 'warning' : 'information',
          message: named
            ? `${sp.path}.targetPort: no container of ${describeObject(pod.obj)} has a port named "${tp}" with protocol ${sp.protocol}${names.length > 0 ? ` (it has ${names.join(', ')})` : ''}: its pods get no endpoint for this port`
            : `${sp.path}.targetPort: no container of ${describeObject(pod.obj)} declares containerPort ${tp}/${sp.protocol}; traffic is sent there anyway, check the container listens on it`,
          at,
          related: missing.map((p) => ({
            at: p.obj.anchor,
            message: `${describeObject(p.obj)} is selected by this Service`,
          })),
        });
      }
    }
  },
};
