import type { Rule } from '../../rule';
import { dependenciesOf, servicesByName } from './services';

/** `links` or `depends_on` name a service the project does not define (links become depends_on). */
export const NET015: Rule = {
  id: 'NET015',
  title: 'Dependency on an undefined service',
  run({ project, report }) {
    const byName = servicesByName(project);
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const dep of dependenciesOf(svc)) {
        // network_mode service: has its own message (NET012).
        if (dep.via === 'network_mode' || byName.has(dep.to)) continue;
        report({
          code: 'NET015',
          severity: 'error',
          message:
            `service "${svc.name}" depends on undefined service "${dep.to}": invalid compose project` +
            (dep.via === 'links' ? ' (links imply depends_on)' : ''),
          at: dep.span,
        });
      }
    }
  },
};
