import type { Rule } from '../../rule';
import { get, isScalar, str } from '../../../yaml/tree';
import { managedNetworks } from '../model';
import { BUILTIN_DRIVERS, looksLikePlugin, nearestDriver } from './drivers';

const BUILTIN = new Set<string>(BUILTIN_DRIVERS);

/**
 * A network `driver` that is neither built in nor written like a plugin reference: most often a typo
 * (`brigde`) or `none` (the none network's driver is `null`). A warning: a plugin of that name may exist.
 */
export const NET042: Rule = {
  id: 'NET042',
  title: 'Unknown network driver',
  scope: 'networks',
  run({ project, report }) {
    for (const net of managedNetworks(project)) {
      const node = get(net.node, 'driver');
      const d = str(node);
      if (!isScalar(node) || d === undefined || d === '' || BUILTIN.has(d) || looksLikePlugin(d)) continue;
      const near = nearestDriver(d);
      report({
        code: 'NET042',
        severity: 'warning',
        message: `could not find plugin ${d} in v1 plugin registry: plugin not found (network "${net.key}": "${d}" is not a built-in driver${near ? `; did you mean ${near}?` : `; built-in drivers are ${BUILTIN_DRIVERS.join(', ')}`})`,
        at: node.span,
        ...(near ? { fix: { kind: 'replace' as const, title: `Use driver ${near}`, text: near } } : {}),
      });
    }
  },
};
