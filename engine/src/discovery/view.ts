import type { DnsView } from '../dns';
import type { State } from '../model/types';

/** The DNS server's picture of the store: bridge networks in creation order with their endpoints. */
/** Endpoints of other hosts on a global network (from the cluster store), answered like local ones. */
export type RemoteEndpoints = (networkId: string) => DnsView['networks'][number]['endpoints'];

export function dnsView(s: State, remote?: RemoteEndpoints): DnsView {
  const names = new Map(s.sandboxes.map((sb) => [sb.id, sb.name]));
  return {
    networks: s.networks
      .filter((n) => n.driver === 'bridge' || n.driver === 'overlay')
      .map((n) => ({
        name: n.name,
        internal: n.internal,
        serviceDiscovery: n.dns,
        endpoints: s.endpoints
          .filter((e) => e.networkId === n.id)
          .map((e) => ({
            sandbox: e.sandboxId,
            name: names.get(e.sandboxId) ?? '',
            aliases: e.aliases,
            ipv4: e.ipv4,
            ipv6: e.ipv6,
          }))
          .concat(
            (n.scope === 'global' && remote ? remote(n.id) : []).map((e) => ({
              sandbox: e.sandbox,
              name: e.name,
              aliases: [...(e.aliases ?? [])],
              ipv4: e.ipv4,
              ipv6: e.ipv6,
            })),
          ),
      })),
  };
}

/** Where a sandbox's 127.0.0.11 goes: the gateway of its first network with name resolution. */
export function dnsTarget(s: State, sandboxId: string): string | undefined {
  for (const ep of s.endpoints) {
    if (ep.sandboxId !== sandboxId) continue;
    const net = s.networks.find((n) => n.id === ep.networkId);
    const gw = net?.dns ? net.subnets.find((x) => !x.subnet.includes(':'))?.gateway : undefined;
    if (gw && ep.ipv4) return gw;
  }
  return undefined;
}

/** Gateways the server must listen on: one per network with name resolution. */
export function dnsListenAddresses(s: State): string[] {
  return s.networks.flatMap((n) => {
    const gw = n.dns && n.device ? n.subnets.find((x) => !x.subnet.includes(':'))?.gateway : undefined;
    return gw ? [gw] : [];
  });
}
