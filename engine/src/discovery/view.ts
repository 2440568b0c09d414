import type { DnsView } from '../dns';
import type { State } from '../model/types';
import type { DnsTarget } from '../sandbox/dns-route';
import { dnsGateway } from '../sandbox/dns-route';

/** Drivers whose networks have endpoints with addresses, so names to serve. */
const NAMED_DRIVERS = new Set(['bridge', 'overlay', 'macvlan', 'ipvlan']);

/** Endpoints of other hosts on a global network (from the cluster store), answered like local ones. */
export type RemoteEndpoints = (networkId: string) => DnsView['networks'][number]['endpoints'];

/** The DNS server's picture of the store: networks with endpoints, in creation order. */
export function dnsView(s: State, remote?: RemoteEndpoints): DnsView {
  const names = new Map(s.sandboxes.map((sb) => [sb.id, sb.name]));
  return {
    networks: s.networks
      .filter((n) => NAMED_DRIVERS.has(n.driver))
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

/**
 * Where a sandbox's 127.0.0.11 goes: the gateway of its first network with name resolution whose gateway is
 * ours (a bridge or an overlay; a macvlan gateway is a router on the LAN).
 */
export function dnsTarget(s: State, sandboxId: string): DnsTarget | undefined {
  for (const ep of s.endpoints) {
    if (ep.sandboxId !== sandboxId) continue;
    const net = s.networks.find((n) => n.id === ep.networkId);
    const gw = net && dnsGateway(net);
    if (gw && ep.ipv4) return { gateway: gw, ifname: ep.ifname, address: ep.ipv4 };
  }
  return undefined;
}

/**
 * A sandbox that needs the DNS answering inside its own namespace (its name-resolving networks are all
 * macvlan/ipvlan, which the engine's namespace cannot reach): the address it is known by, else undefined.
 */
export function insideDnsClient(s: State, sandboxId: string): string | undefined {
  if (dnsTarget(s, sandboxId) !== undefined) return undefined;
  for (const ep of s.endpoints) {
    if (ep.sandboxId !== sandboxId) continue;
    const net = s.networks.find((n) => n.id === ep.networkId);
    if (net?.dns && !net.device && NAMED_DRIVERS.has(net.driver)) return ep.ipv4 ?? ep.ipv6;
  }
  return undefined;
}

/** Gateways the server must listen on: one per network with name resolution. */
export function dnsListenAddresses(s: State): string[] {
  return s.networks.flatMap((n) => {
    const gw = dnsGateway(n);
    return gw ? [gw] : [];
  });
}
