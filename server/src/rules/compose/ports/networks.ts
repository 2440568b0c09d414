import type { ComposeProject, ServiceModel } from '../../../compose/project';
import { at, bool, get, isMap, isSeq, str } from '../../../yaml/tree';

/** Network keys a service attaches to (the implicit `default` when it lists none). */
export function serviceNetworkKeys(svc: ServiceModel): string[] {
  const nets = get(svc.node, 'networks');
  if (isSeq(nets)) return nets.items.map((i) => str(i)).filter((s): s is string => s !== undefined);
  if (isMap(nets) && nets.entries.length) return nets.entries.map((e) => e.key);
  return ['default'];
}

/**
 * Whether a network of the project will have IPv6: `enable_ipv6: true`, or an IPv6 subnet (Engine >= 25
 * enables IPv6 then). Undefined for external networks, whose settings live on the host.
 */
export function networkHasIpv6(project: ComposeProject, key: string): boolean | undefined {
  const net = project.networks.find((n) => n.key === key);
  if (!net || net.external) return undefined;
  if (bool(get(net.node, 'enable_ipv6')) === true) return true;
  const config = at(net.node, 'ipam', 'config');
  return isSeq(config) && config.items.some((c) => (str(get(c, 'subnet')) ?? '').includes(':'));
}
