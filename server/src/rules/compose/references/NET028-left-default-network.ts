import type { Rule } from '../../rule';
import { entry } from '../../../yaml/tree';
import { attachedNetworks, servicesByName } from './services';

/**
 * A service that lists its own networks leaves the implicit default network, while some peers are only on
 * default: the two cannot reach each other. Often intended, sometimes not; a hint with the way back.
 */
export const NET028: Rule = {
  id: 'NET028',
  title: 'Service leaves the default network',
  run({ project, report }) {
    const byName = servicesByName(project);
    const enabled = project.services.filter((s) => s.enabled);
    const onlyDefault = enabled.filter((s) => {
      const nets = attachedNetworks(s, byName);
      return nets?.size === 1 && nets.has('default') && !entry(s.node, 'network_mode');
    });
    if (onlyDefault.length === 0) return;
    for (const svc of enabled) {
      const nets = entry(svc.node, 'networks');
      const attached = attachedNetworks(svc, byName);
      if (!nets || entry(svc.node, 'network_mode') || !attached || attached.has('default')) continue;
      const peers = onlyDefault.map((s) => `"${s.name}"`).join(', ');
      report({
        code: 'NET028',
        severity: 'information',
        message:
          `service "${svc.name}" lists its networks and so is not on the default network, where ${peers} ` +
          `${onlyDefault.length === 1 ? 'is' : 'are'} alone; add default to its networks if they should talk`,
        at: nets.keySpan,
        related: onlyDefault
          .slice(0, 3)
          .flatMap((s) =>
            s.keySpans[0] ? [{ at: s.keySpans[0], message: `${s.name} is only on default` }] : [],
          ),
      });
    }
  },
};
