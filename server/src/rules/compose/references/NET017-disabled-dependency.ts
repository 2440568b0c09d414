import type { Rule } from '../../rule';
import { dependenciesOf, goList, servicesByName } from './services';

/**
 * A required dependency (depends_on without `required: false`, or the implicit one of `links`) on a service
 * that the active profiles disable.
 */
export const NET017: Rule = {
  id: 'NET017',
  title: 'Required dependency is disabled',
  run({ project, report }) {
    const byName = servicesByName(project);
    for (const svc of project.services) {
      if (!svc.enabled) continue;
      for (const dep of dependenciesOf(svc)) {
        const target = byName.get(dep.to);
        // network_mode service: to a disabled service is NET012 (compose-go's consistency check meets it first).
        if (!target || target.enabled || !dep.required || dep.via === 'network_mode') continue;
        report({
          code: 'NET017',
          severity: 'error',
          // Loading refuses it first with the undefined-service text (observed with current Compose); the
          // graph's own wording says why, so both are in the message.
          message:
            `service "${svc.name}" depends on undefined service "${dep.to}": invalid compose project ` +
            `("${dep.to}" is required by "${svc.name}" but is disabled. Can be enabled by profiles ` +
            `${goList(target.profiles)})`,
          at: dep.span,
          ...(target.keySpans[0]
            ? { related: [{ at: target.keySpans[0], message: `${dep.to} is defined here` }] }
            : {}),
        });
      }
    }
  },
};
