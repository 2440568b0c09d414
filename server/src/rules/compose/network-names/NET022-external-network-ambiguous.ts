import type { Rule } from '../../rule';
import { nameOf } from './networks';

/**
 * An `external` network whose name matches several networks on the connected host (Docker allows duplicate
 * names, for example one per swarm scope or left over from old engines); docker compose refuses to guess.
 */
export const NET022: Rule = {
  id: 'NET022',
  title: 'External network name is ambiguous on the host',
  scope: 'networks',
  run({ project, host, report }) {
    if (!host) return;
    for (const net of project.networks) {
      if (!net.external) continue;
      const matches = host.networks.filter((h) => h.source === 'docker' && h.name === net.engineName);
      const at = nameOf(net)?.value?.span ?? net.keySpans.at(-1);
      if (matches.length < 2 || !at) continue;
      const ids = matches.map((m) => m.id.slice(0, 12)).join(', ');
      report({
        code: 'NET022',
        severity: 'error',
        message:
          `multiple networks with name "${net.engineName}" were found. Use network ID as \`name\` to avoid ` +
          `ambiguity (on ${host.host}: ${ids})`,
        at,
      });
    }
  },
};
