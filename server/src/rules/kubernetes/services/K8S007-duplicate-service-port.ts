import { get } from '../../../yaml/tree';
import { nodePortClashes } from '../node-ports/node-ports';
import type { K8sRule } from '../rule';
import { duplicate, required } from '../texts';

/**
 * Within one Service: the same `port`/`protocol` twice, several ports where one has no name, or one
 * nodePort (same protocol) on two different ports.
 */
export const K8S007: K8sRule = {
  id: 'K8S007',
  title: 'Duplicate or unnamed Service port',
  scope: 'object',
  run({ project, model, report }) {
    for (const s of model.services) {
      const seen = new Map<string, string>();
      for (const p of s.ports) {
        if (s.ports.length > 1 && (p.name === undefined || p.name === '')) {
          report({
            code: 'K8S007',
            severity: 'error',
            message: `${required(`${p.path}.name`)} (a Service with several ports must name each)`,
            at: p.node.span,
          });
        }
        if (p.port === undefined) continue;
        const key = `${p.port}/${p.protocol}`;
        const first = seen.get(key);
        if (first !== undefined) {
          report({
            code: 'K8S007',
            severity: 'error',
            message: `${duplicate(p.path, key)}: the same port and protocol as ${first}`,
            at: get(p.node, 'port')?.span ?? p.node.span,
          });
        } else seen.set(key, p.path);
      }
    }
    for (const unit of project.units) {
      for (const { claim, first, sameProtocol } of nodePortClashes(model, unit)) {
        if (!sameProtocol || claim.service !== first.service) continue;
        report({
          code: 'K8S007',
          severity: 'error',
          message: `${duplicate(`${claim.port.path}.nodePort`, claim.port.nodePort ?? 0)} (also ${first.port.path}.nodePort)`,
          at: claim.at,
          related: [{ at: first.at, message: `${first.port.path} takes nodePort ${first.port.nodePort}` }],
        });
      }
    }
  },
};
