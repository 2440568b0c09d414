import type { Rule } from './rule';
import type { NetworkModel } from '../compose/project';
import type { Span } from '../compose/tree';
import { nameOf } from './references/networks';

/**
 * Two network keys resolve to one engine network name. Compose creates it once and reuses it for the other
 * key, so settings of the second are silently lost. Two external keys for one network are harmless.
 */
export const NET024: Rule = {
  id: 'NET024',
  title: 'Two networks share an engine name',
  run({ project, report }) {
    const first = new Map<string, NetworkModel>();
    for (const net of project.networks) {
      const seen = first.get(net.engineName);
      if (!seen) {
        first.set(net.engineName, net);
        continue;
      }
      if (seen.external && net.external) continue;
      report({
        code: 'NET024',
        severity: 'warning',
        message:
          `networks "${seen.key}" and "${net.key}" both resolve to the engine network ${net.engineName}; ` +
          `Compose creates it once and uses it for both, so one definition is ignored; give them different names`,
        at: where(net),
        related: [{ at: where(seen), message: `${seen.key} is ${net.engineName} too` }],
      });
    }
  },
};

function where(net: NetworkModel): Span {
  const name = nameOf(net);
  return name?.value?.span ?? net.keySpans.at(-1) ?? { file: '', start: 0, end: 0 };
}
