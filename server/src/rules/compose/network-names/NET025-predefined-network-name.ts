import type { Rule } from '../../rule';
import type { Severity } from '@switchyard/protocol';
import { str } from '../../../yaml/tree';
import { nameOf } from './networks';

/**
 * A network Compose would create under the name of an engine-predefined network. The engine refuses to
 * create `default`; `host` and `none` exist already, so Compose reuses them and attaching then fails.
 * `bridge` exists too and is reused as it is; `ingress` is the swarm's routing mesh.
 */
const PREDEFINED: Record<string, { severity: Severity; why: string }> = {
  default: {
    severity: 'error',
    why: 'operation is not permitted on predefined default network (the engine reserves the name)',
  },
  host: {
    severity: 'error',
    why: "the engine's predefined host network: Compose reuses it and attaching a service to it fails; use network_mode: host on the services instead",
  },
  none: {
    severity: 'error',
    why: "the engine's predefined none network: Compose reuses it and attaching a service to it fails; use network_mode: none on the services instead",
  },
  bridge: {
    severity: 'warning',
    why: "the engine's default bridge network: Compose reuses it as it is, without this definition's settings and without DNS between services",
  },
  ingress: {
    severity: 'warning',
    why: "the swarm's routing-mesh network, which the engine manages itself",
  },
};

export const NET025: Rule = {
  id: 'NET025',
  title: 'Network named like a predefined network',
  scope: 'networks',
  run({ project, report }) {
    for (const net of project.networks) {
      const name = nameOf(net);
      const value = str(name?.value);
      if (net.external || !name?.value || value === undefined) continue;
      const known = PREDEFINED[value];
      if (!known) continue;
      report({
        code: 'NET025',
        severity: known.severity,
        message: `network "${net.key}" is named ${value}, ${known.why}; pick another name`,
        at: name.value.span,
      });
    }
  },
};
