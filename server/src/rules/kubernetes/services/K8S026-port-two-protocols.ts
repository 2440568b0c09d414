import { get } from '../../../yaml/tree';
import type { Span } from '../../../yaml/tree';
import type { K8sRule } from '../rule';

/** The same `port` with two protocols: valid, but client-side apply merges Service ports by `port` alone. */
export const K8S026: K8sRule = {
  id: 'K8S026',
  title: 'Same port number with two protocols',
  scope: 'object',
  run({ model, report }) {
    for (const s of model.services) {
      const first = new Map<number, { protocol: string; path: string; at: Span }>();
      for (const p of s.ports) {
        if (p.port === undefined) continue;
        const at = get(p.node, 'port')?.span ?? p.node.span;
        const prior = first.get(p.port);
        if (prior === undefined) {
          first.set(p.port, { protocol: p.protocol, path: p.path, at });
          continue;
        }
        if (prior.protocol === p.protocol) continue;
        report({
          code: 'K8S026',
          severity: 'warning',
          message: `${p.path}: port ${p.port} is also ${prior.path} (${prior.protocol}); client-side \`kubectl apply\` merges Service ports by port number only, so changing one overwrites the other: apply with --server-side`,
          at,
          related: [{ at: prior.at, message: `${prior.path}: ${p.port}/${prior.protocol}` }],
        });
      }
    }
  },
};
