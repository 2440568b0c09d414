import type { Rule } from '../../rule';
import { isMap } from '../../../yaml/tree';

/** Keys that say how to create a network; Compose never creates an external one, so it ignores them. */
const CREATION_KEYS = new Set([
  'driver',
  'driver_opts',
  'ipam',
  'internal',
  'attachable',
  'enable_ipv4',
  'enable_ipv6',
  'labels',
]);

/**
 * An `external: true` network with creation attributes. The spec says Compose rejects this; compose-go only
 * rejects it for volumes and silently ignores the attributes for networks, so what is written is not what runs.
 */
export const NET018: Rule = {
  id: 'NET018',
  title: 'External network with creation attributes',
  scope: 'networks',
  run({ project, report }) {
    for (const net of project.networks) {
      if (!net.external || !isMap(net.node)) continue;
      for (const e of net.node.entries) {
        if (!CREATION_KEYS.has(e.key)) continue;
        report({
          code: 'NET018',
          severity: 'warning',
          message:
            `network "${net.key}" is external, so Compose ignores its ${e.key}: the existing network ` +
            `${net.engineName} is used as it is; remove ${e.key} or drop external`,
          at: e.keySpan,
          fix: { kind: 'remove', title: `Remove ${e.key}` },
        });
      }
    }
  },
};
