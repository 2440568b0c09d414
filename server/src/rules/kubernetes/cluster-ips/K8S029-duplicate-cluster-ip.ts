import { describeObject } from '../../../kubernetes/objects';
import { allocError, requestedClusterIPs } from './cluster-ips';
import type { RequestedIP } from './cluster-ips';
import type { K8sRule } from '../rule';

/** Two Services ask for the same clusterIP: the second is refused. */
export const K8S029: K8sRule = {
  id: 'K8S029',
  title: 'clusterIP already allocated',
  reads: ['Service'],
  fields: { Service: ['spec.clusterIP', 'spec.type'] },
  run({ project, model, report }) {
    for (const unit of project.units) {
      const first = new Map<string, RequestedIP>();
      for (const r of requestedClusterIPs(model, unit)) {
        const key = `${r.addr.family}/${r.addr.value}`;
        const prior = first.get(key);
        if (prior === undefined) {
          first.set(key, r);
          continue;
        }
        report({
          code: 'K8S029',
          severity: 'error',
          message: allocError(r.text, 'provided IP is already allocated'),
          at: r.at,
          related: [{ at: prior.at, message: `${describeObject(prior.service.obj)} takes ${prior.text}` }],
        });
      }
    }
  },
};
