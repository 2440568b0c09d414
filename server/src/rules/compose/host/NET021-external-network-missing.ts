import type { Rule } from '../../rule';
import { entry, get, str } from '../../../yaml/tree';

/**
 * An `external` network that the connected host's Docker engine does not have (by name or ID), so
 * `docker compose up` stops. Needs a host snapshot; `networks.default` without `name` is NET023's case.
 */
export const NET021: Rule = {
  id: 'NET021',
  title: 'External network not found on the host',
  scope: 'networks',
  run({ project, host, report }) {
    const docker = host?.networks.filter((n) => n.source === 'docker') ?? [];
    if (!host || docker.length === 0) return;
    for (const net of project.networks) {
      if (!net.external) continue;
      const nameEntry = entry(net.node, 'name');
      if (net.key === 'default' && !nameEntry) continue;
      const name = net.engineName;
      if (
        docker.some((h) => h.name === name || h.id === name || (name.length >= 12 && h.id.startsWith(name)))
      )
        continue;
      const at = nameEntry?.value?.span ?? net.keySpans[0];
      if (!at) continue;
      const known = docker.map((h) => h.name).filter((n) => !['bridge', 'host', 'none'].includes(n));
      report({
        code: 'NET021',
        severity: 'error',
        message: `network ${name} declared as external, but could not be found on ${host.host}; create it with "docker network create ${str(get(net.node, 'name')) ?? name}"${known.length ? ` or use one of: ${known.slice(0, 5).join(', ')}` : ''}`,
        at,
      });
    }
  },
};
