import type { Rule } from '../../rule';
import type { NetworkModel } from '../../../compose/project';
import { networkModeOf } from '../references/services';

/**
 * A `network_mode` that is not none/host/bridge/service:/container:. The engine takes it as the name of an
 * existing network, literally (not `<project>_<name>`), which is rarely what was meant.
 */
export const NET013: Rule = {
  id: 'NET013',
  title: 'Unusual network_mode',
  scope: 'service',
  run({ project, host, report }) {
    // Made when a service needs them: this rule runs on each edited service's view, which rarely has such a
    // mode, and the project may have hundreds of networks.
    let declared: Map<string, NetworkModel> | undefined;
    let onHost: Set<string> | undefined;
    for (const svc of project.services) {
      const mode = networkModeOf(svc);
      if (!svc.enabled || mode?.kind !== 'other') continue;
      declared ??= new Map(project.networks.map((n) => [n.key, n]));
      onHost ??= new Set(host?.networks.map((n) => n.name) ?? []);
      const net = declared.get(mode.text);
      // Naming an existing host network this way is legitimate, unless the project declares one of that name.
      if (!net && onHost.has(mode.text)) continue;
      const missing = host ? ` (${host.host} has no network ${mode.text})` : '';
      const message = net
        ? `network_mode "${mode.text}" names an engine network literally, not the project's network ` +
          `"${mode.text}" (engine name ${net.engineName}); to attach to it, use networks: [${mode.text}]`
        : `network_mode "${mode.text}" is not none, host, bridge, service:<name> or container:<name>; the ` +
          `engine takes it as the name of an existing network and fails if there is none${missing}`;
      report({
        code: 'NET013',
        severity: 'warning',
        message,
        at: mode.value.span,
        ...(net?.keySpans[0]
          ? { related: [{ at: net.keySpans[0], message: `project network ${mode.text}` }] }
          : {}),
      });
    }
  },
};
