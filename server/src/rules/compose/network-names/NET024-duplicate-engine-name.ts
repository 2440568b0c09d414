import type { Rule, RuleContext } from '../../rule';
import type { NetworkModel } from '../../../compose/project';
import type { Span } from '../../../yaml/tree';
import { nameOf } from './networks';

/**
 * Two network keys resolve to one engine network name. Compose creates it once and reuses it for the other
 * key, so settings of the second are silently lost. Two external keys for one network are harmless.
 */
export const NET024: Rule = {
  id: 'NET024',
  title: 'Two networks share an engine name',
  scope: 'networks',
  run(ctx) {
    const { project, report } = ctx;
    hostCollisions(ctx);
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

const PREDEFINED = new Set(['bridge', 'host', 'none', 'default']);

/**
 * With a connected host: a network Compose would create already exists there but is not this project's. Compose
 * ≥ 5.4 warns and reuses it (older versions refused with the label error); either way it is not the network the
 * file describes. Predefined names are NET025's.
 */
function hostCollisions({ project, host, report }: RuleContext): void {
  if (!host) return;
  for (const net of project.networks) {
    if (net.external || PREDEFINED.has(net.engineName)) continue;
    const found = host.networks.find((h) => h.name === net.engineName);
    if (!found) continue;
    const owner = found.labels['com.docker.compose.project'];
    const key = found.labels['com.docker.compose.network'];
    const hint = 'Set `external: true` to use an existing network';
    let message: string;
    if (owner === undefined) {
      message = `a network with name ${net.engineName} exists but was not created by compose. ${hint}`;
    } else if (owner !== project.name) {
      message = `a network with name ${net.engineName} exists but was not created for project "${project.name}". ${hint}`;
    } else if (key !== undefined && key !== net.key) {
      message =
        `network ${net.engineName} was found but has incorrect label com.docker.compose.network set to ` +
        `"${key}" (expected: "${net.key}")`;
    } else continue;
    report({
      code: 'NET024',
      severity: 'warning',
      message: `${message} (on ${host.host})`,
      at: where(net),
    });
  }
}

function where(net: NetworkModel): Span {
  const name = nameOf(net);
  return name?.value?.span ?? net.keySpans.at(-1) ?? { file: '', start: 0, end: 0 };
}
