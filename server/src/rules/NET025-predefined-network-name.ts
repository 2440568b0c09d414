import type { Rule } from './rule';
import { str } from '../compose/tree';
import { nameOf } from './references/networks';

/**
 * A network Compose would create under the name of an engine-predefined network. The engine refuses to
 * create `default`; `host` and `none` exist already, so Compose reuses them and attaching then fails.
 * `bridge` exists too and gets reused as is (a warning), `ingress` only exists in a swarm.
 */
const PREDEFINED: Record<string, 'error' | 'warning'> = {
  default: 'error',
  host: 'error',
  none: 'error',
  bridge: 'warning',
  ingress: 'warning',
};

export const NET025: Rule = {
  id: 'NET025',
  title: 'Network named like a predefined network',
  run({ project, report }) {
    for (const net of project.networks) {
      const name = nameOf(net);
      const value = str(name?.value);
      if (net.external || !name?.value || value === undefined) continue;
      const severity = PREDEFINED[value];
      if (!severity) continue;
      report({
        code: 'NET025',
        severity,
        message:
          `operation is not permitted on predefined ${value} network : network "${net.key}" is named like ` +
          `the engine's own ${value} network; pick another name` +
          (value === 'host' || value === 'none' ? `, or use network_mode: ${value} on the services` : ''),
        at: name.value.span,
      });
    }
  },
};
