import type { Rule } from '../../rule';
import { attachedNetworks, dependenciesOf, servicesByName } from './services';

/**
 * `links` between services that share no network. Compose does not warn; the link name will not resolve,
 * because links do not cross network isolation.
 */
export const NET027: Rule = {
  id: 'NET027',
  title: 'Link between services on different networks',
  run({ project, report }) {
    const byName = servicesByName(project);
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      const mine = attachedNetworks(svc, byName);
      for (const link of dependenciesOf(svc).filter((d) => d.via === 'links')) {
        const target = byName.get(link.to);
        const theirs = target && attachedNetworks(target, byName);
        if (!mine || !theirs || [...mine].some((n) => theirs.has(n))) continue;
        report({
          code: 'NET027',
          severity: 'warning',
          message:
            `link to "${link.to}" will not resolve: "${svc.name}" is on ${list(mine)} and "${link.to}" on ` +
            `${list(theirs)}, which share no network; attach both to a common network`,
          at: link.span,
          ...(target.keySpans[0]
            ? { related: [{ at: target.keySpans[0], message: `${link.to} is defined here` }] }
            : {}),
        });
      }
    }
  },
};

function list(nets: Set<string>): string {
  return [...nets].join(', ');
}
