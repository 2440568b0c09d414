import { mapMatches, formatMap } from '../../../kubernetes/selectors';
import { keySpanOf } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { POD_KINDS } from '../../../kubernetes/workloads';

/** A Service whose selector matches no pod template in its namespace routes nowhere (no endpoints). */
export const K8S061: K8sRule = {
  id: 'K8S061',
  title: 'Service selector matches no pod',
  scope: 'namespace',
  reads: ['Service', ...POD_KINDS],
  fields: { Service: ['spec.selector', 'spec.type'] },
  run({ model, report }) {
    for (const s of model.services) {
      if (s.selector === undefined || s.type === 'ExternalName') continue;
      const pods = model.podsIn(s.obj.unit, s.obj.namespace);
      if (pods.some((p) => mapMatches(s.selector ?? new Map(), p.labels))) continue;
      const near = pods.find((p) => [...(s.selector ?? [])].some(([k]) => p.labels.has(k)));
      report({
        code: 'K8S061',
        severity: 'warning',
        message: `spec.selector: no pod in namespace "${s.obj.namespace}" has the labels ${formatMap(s.selector)}: the Service gets no endpoints and routes nowhere`,
        at: keySpanOf(s.spec, 'selector') ?? s.obj.anchor,
        ...(near?.labelsNode
          ? {
              related: [
                {
                  at: near.labelsNode.span,
                  message: `${near.obj.kind} ${near.obj.name} has labels ${formatMap(near.labels)}`,
                },
              ],
            }
          : {}),
      });
    }
  },
};
