import type { Rule, RuleContext } from '../../rule';
import { fromOtherFile } from '../references/inherited';
import { goList, networkModeOf, servicesByName } from '../references/services';

/**
 * `network_mode: service:<x>` where `<x>` is not a service of the project, or profiles disable it. With a
 * connected host, also `container:<x>` where no running container of that name is attached anywhere.
 */
export const NET012: Rule = {
  id: 'NET012',
  title: 'network_mode refers to an unknown service',
  run(ctx) {
    const { project, report } = ctx;
    missingContainers(ctx);
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

/** A name, not an ID (IDs and their prefixes are hex; the snapshot lists containers by name). */
const looksLikeId = (s: string): boolean => /^[0-9a-f]{12,64}$/.test(s);

function missingContainers({ project, host, report }: RuleContext): void {
  if (!host) return;
  const running = new Set(host.networks.flatMap((n) => n.containers.map((c) => c.replace(/^\//, ''))));
  for (const svc of project.services) {
    const mode = networkModeOf(svc);
    if (!svc.enabled || mode?.kind !== 'container' || mode.target === '' || looksLikeId(mode.target))
      continue;
    if (running.has(mode.target)) continue;
    report({
      code: 'NET012',
      severity: 'warning',
      message:
        `no running container "${mode.target}" on ${host.host} for network_mode 'container:${mode.target}'; ` +
        `the engine can only join the network namespace of a running container, so start it first`,
      at: mode.value.span,
    });
  }
}
