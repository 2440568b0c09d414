import type { Rule } from '../../rule';
import { attachedNetworks, servicesByName } from './services';
import { REFERENCE_READS } from '../../reads';

/** A declared network no enabled service uses. Compose does not create it (the implicit default is never unused). */
export const NET026: Rule = {
  id: 'NET026',
  title: 'Unused network',
  reads: REFERENCE_READS,
  run({ project, report }) {
    const byName = servicesByName(project);
    // The union of the enabled services' networks; the one set itself when they all share it (one
    // service, or every service on the default network): no copy of 640,000 names.
    let only: ReadonlySet<string> | undefined;
    let used: Set<string> | undefined;
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const nets = attachedNetworks(svc, byName);
      if (nets === undefined || nets === only) continue;
      if (only === undefined && used === undefined) {
        only = nets;
        continue;
      }
      used ??= new Set(only);
      for (const n of nets) used.add(n);
    }
    const isUsed = (key: string): boolean => (used ?? only)?.has(key) ?? false;
    for (const net of project.networks) {
      const at = net.keySpans.at(-1);
      if (net.implicit || isUsed(net.key) || !at) continue;
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
