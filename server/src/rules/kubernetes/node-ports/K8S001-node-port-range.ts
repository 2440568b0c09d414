import { freeNodePort, nodePortClaims } from './node-ports';
import type { K8sRule } from '../rule';
import { invalid } from '../texts';

/** A nodePort outside the apiserver's `--service-node-port-range` (the allocator refuses the Service). */
export const K8S001: K8sRule = {
  id: 'K8S001',
  title: 'nodePort outside the node port range',
  reads: ['Service'],
  run({ project, model, report }) {
    const { min, max, span } = project.cluster.nodePorts;
    for (const unit of project.units) {
      for (const c of nodePortClaims(model, unit)) {
        const n = c.port.nodePort ?? 0;
        if (n >= min && n <= max) continue;
        const free = freeNodePort(model, unit, min, max);
        report({
          code: 'K8S001',
          severity: 'error',
          message: invalid(
            `${c.port.path}.nodePort`,
            n,
            `provided port is not in the valid range. The range of valid ports is ${min}-${max}`,
          ),
          at: c.at,
          ...(span
            ? { related: [{ at: span, message: `the cluster's node port range is ${min}-${max}` }] }
            : {}),
          ...(free !== undefined
            ? { fix: { kind: 'replace' as const, title: `Use free nodePort ${free}`, text: String(free) } }
            : {}),
        });
      }
    }
  },
};
