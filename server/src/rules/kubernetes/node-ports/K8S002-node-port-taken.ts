import { describeObject } from '../../../kubernetes/objects';
import { freeNodePort, nodePortClashes } from './node-ports';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** The same nodePort, same protocol, in two Services: the second is refused (across namespaces). */
export const K8S002: K8sRule = {
  id: 'K8S002',
  title: 'nodePort already allocated',
  reads: ['Service'],
  run({ project, model, report }) {
    const { min, max } = project.cluster.nodePorts;
    for (const unit of project.units) {
      for (const { claim, first, sameProtocol } of nodePortClashes(model, unit)) {
        if (!sameProtocol || claim.service === first.service) continue;
        const free = freeNodePort(model, unit, min, max);
        report({
          code: 'K8S002',
          severity: 'error',
          message: invalid(
            `${claim.port.path}.nodePort`,
            claim.port.nodePort ?? 0,
            'provided port is already allocated',
          ),
          at: claim.at,
          related: [
            {
              at: first.at,
              message: `${describeObject(first.service.obj)} takes nodePort ${first.port.nodePort}`,
            },
          ],
          ...(free !== undefined
            ? { fix: { kind: 'replace' as const, title: `Use free nodePort ${free}`, text: String(free) } }
            : {}),
        });
      }
    }
  },
};
