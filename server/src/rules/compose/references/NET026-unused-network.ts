import type { Rule } from '../../rule';
import { attachedNetworks, servicesByName } from './services';

/** A declared network no enabled service uses. Compose does not create it (the implicit default is never unused). */
export const NET026: Rule = {
  id: 'NET026',
  title: 'Unused network',
  run({ project, report }) {
    const byName = servicesByName(project);
    const used = new Set<string>();
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const n of attachedNetworks(svc, byName) ?? []) used.add(n);
    }
    for (const net of project.networks) {
      const at = net.keySpans.at(-1);
      if (net.implicit || used.has(net.key) || !at) continue;
      report({
        code: 'NET026',
        severity: 'hint',
        message: `network "${net.key}" is declared but no service uses it, so Compose does not create it`,
        at,
        fix: { kind: 'remove', title: `Remove network "${net.key}"` },
      });
    }
  },
};
