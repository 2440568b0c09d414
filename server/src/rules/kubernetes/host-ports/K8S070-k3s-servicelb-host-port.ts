import { POD_KINDS } from '../../../kubernetes/workloads';
import type { Span } from '../../../yaml/tree';
import { describeObject } from '../../../kubernetes/objects';
import type { K8sRule } from '../rule';
import { hostPortUses, SCHEDULER_TEXT } from './host-ports';

/**
 * k3s ServiceLB (klipper-lb): every LoadBalancer Service port becomes a hostPort of a `svclb-*` DaemonSet on
 * every node, so it clashes with hostPort / hostNetwork workloads and with other LoadBalancer Services on the
 * same port and protocol; the svclb pods stay Pending. Only for a project with a k3s config.
 */
export const K8S070: K8sRule = {
  id: 'K8S070',
  title: 'k3s ServiceLB port taken on the nodes',
  reads: [...POD_KINDS, 'Service'],
  fields: { Service: ['spec.type', 'spec.ports.*.port', 'spec.ports.*.protocol'] },
  run({ project, model, report }) {
    if (project.cluster.source !== 'k3s') return;
    for (const unit of project.units) {
      const taken = new Map<string, { what: string; at: Span }>();
      for (const pod of model.podsOfUnit(unit))
        for (const u of hostPortUses(pod))
          taken.set(`${u.number}/${u.protocol}`, {
            what: `${describeObject(pod.obj)} (host port)`,
            at: u.at,
          });
      for (const s of model.servicesOfUnit(unit)) {
        if (s.type !== 'LoadBalancer') continue;
        for (const p of s.ports) {
          if (p.port === undefined) continue;
          const key = `${p.port}/${p.protocol}`;
          const prior = taken.get(key);
          const at = p.node.span;
          if (prior === undefined) {
            taken.set(key, { what: `${describeObject(s.obj)} (ServiceLB)`, at });
            continue;
          }
          report({
            code: 'K8S070',
            severity: 'warning',
            message: `${p.path}: k3s ServiceLB binds ${key} on every node, which ${prior.what} already takes; the svclb pods stay Pending: ${SCHEDULER_TEXT}`,
            at,
            related: [{ at: prior.at, message: `${prior.what} uses ${key}` }],
          });
        }
      }
    }
  },
};
