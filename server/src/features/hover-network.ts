import type { ComposeProject, NetworkModel } from '../compose/project';
import { at, get, isMap, isSeq, str } from '../yaml/tree';
import { usesDefaultNetwork } from '../compose/loader';
import { networkRefs } from '../rules/compose/references/NET010-undefined-network';

/** Markdown for a network: engine name, driver, subnets and the services attached to it. */
export function networkHover(project: ComposeProject, key: string): string {
  const net = project.networks.find((n) => n.key === key);
  if (net === undefined) return `**network \`${key}\`** is not declared under top-level \`networks\``;
  const lines = [`**network \`${key}\`**: engine name \`${net.engineName}\``, ''];
  lines.push(`- driver: \`${str(get(net.node, 'driver')) ?? 'bridge'}\`${net.external ? ' (external)' : ''}`);
  const subnets = subnetsOf(net);
  lines.push(
    `- subnets: ${subnets.length > 0 ? subnets.map((s) => `\`${s}\``).join(', ') : 'assigned by Docker'}`,
  );
  const attached = servicesOn(project, key);
  lines.push(`- services: ${attached.length > 0 ? attached.map((s) => `\`${s}\``).join(', ') : 'none'}`);
  return lines.join('\n');
}

function subnetsOf(net: NetworkModel): string[] {
  const config = at(net.node, 'ipam', 'config');
  if (!isSeq(config)) return [];
  return config.items.flatMap((c) => {
    const s = isMap(c) ? str(get(c, 'subnet')) : undefined;
    return s === undefined ? [] : [s];
  });
}

/** Enabled services that attach to a network, the implicit default one included. */
export function servicesOn(project: ComposeProject, key: string): string[] {
  return project.services
    .filter((s) => s.enabled)
    .filter((s) =>
      key === 'default' && usesDefaultNetwork(s.node)
        ? true
        : networkRefs(get(s.node, 'networks')).some((r) => r.name === key),
    )
    .map((s) => s.name);
}
