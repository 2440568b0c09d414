import type { Rule } from '../../rule';
import { findHostPortClashes } from '@switchyard/core';
import { get, str } from '../../../yaml/tree';
import { portModel } from '../ports/port-model';
import { PORT_READS } from '../../reads';

/**
 * A host port the project publishes is already taken on the connected host, by another container's
 * published port or by a process listening there. The project's own running containers do not count:
 * `docker compose up` recreates them.
 */
export const HOST003: Rule = {
  id: 'HOST003',
  title: 'Host port already in use on the host',
  reads: PORT_READS,
  run({ project, host, report }) {
    if (!host || host.ports.length === 0) return;
    const model = portModel(project);
    // Compose names containers <project>-<service>-<n> (v1: with `_`), or the service's container_name.
    const services = project.services.map((s) => escape(s.name)).join('|');
    const own = new RegExp(`^/?${escape(project.name)}[-_](?:${services})[-_][0-9]+$`);
    const fixedNames = new Set(project.services.map((s) => str(get(s.node, 'container_name'))));
    const findings = findHostPortClashes(model.owned, host.ports, {
      host: host.host,
      ignoreOwner: (owner) => own.test(owner) || fixedNames.has(owner.replace(/^\//, '')),
      // Read only when a clash needs a free port suggested (a generator runs when iterated).
      used: (function* () {
        for (const s of model.used.values()) yield* s;
      })(),
      fix: (b, free) =>
        model.fix(
          b.at,
          { start: free, end: free },
          b.protocol,
          host.ports.map((p) => p.port),
        ),
    });
    for (const f of findings) report(f);
  },
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
