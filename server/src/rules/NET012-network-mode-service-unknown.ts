import type { Rule } from './rule';
import { fromOtherFile } from './references/inherited';
import { goList, networkModeOf, servicesByName } from './references/services';

/** `network_mode: service:<x>` where `<x>` is not a service of the project, or profiles disable it. */
export const NET012: Rule = {
  id: 'NET012',
  title: 'network_mode refers to an unknown service',
  run({ project, report }) {
    const byName = servicesByName(project);
    for (const svc of project.services) {
      const mode = networkModeOf(svc);
      if (!svc.enabled || mode?.kind !== 'service') continue;
      if (fromOtherFile(svc, mode.value.span)) continue; // NET157
      const target = byName.get(mode.target);
      if (target?.enabled) continue;
      const base = `service "${mode.target}" not found for network_mode 'service:${mode.target}'`;
      report({
        code: 'NET012',
        severity: 'error',
        message: target
          ? `${base}: it is disabled; enable one of the profiles ${goList(target.profiles)}`
          : `${base}; define the service or use container:<name> for a container outside the project`,
        at: mode.value.span,
        ...(target?.keySpans[0]
          ? {
              related: [
                {
                  at: target.keySpans[0],
                  message: `${mode.target} is only in profiles ${goList(target.profiles)}`,
                },
              ],
            }
          : {}),
      });
    }
  },
};
