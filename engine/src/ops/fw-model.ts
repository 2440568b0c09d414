import type { FwModel, FwPort } from '../firewall/fw-model';
import type { EndpointRecord, State } from '../model/types';
import type { Naming } from '../model/names';
import { sandboxEndpoints } from '../model/lookup';
import { forwardGuard } from '../host/forwarding';

/**
 * Where a sandbox's published ports go: its address on its first non-internal bridge or overlay network (its gateway
 * endpoint). The firewall's DNAT and the userland proxy (ports/proxy.ts) both ask this.
 */
export function publishingEndpoint(s: State, sandboxId: string): EndpointRecord | undefined {
  return sandboxEndpoints(s, sandboxId).find((e) => {
    const net = s.networks.find((n) => n.id === e.networkId);
    return e.ipv4 && (net?.driver === 'bridge' || net?.driver === 'overlay') && net.device && !net.internal;
  });
}

/** Projects the store onto what the firewall renders. */
export function firewallModel(s: State, naming: Naming, mesh?: FwModel['mesh']): FwModel {
  const bridges = s.networks.filter((n) => (n.driver === 'bridge' || n.driver === 'overlay') && n.device);
  const byId = new Map(bridges.map((n) => [n.id, n]));
  const ports: FwPort[] = [];
  for (const sb of s.sandboxes) {
    if (sb.ports.length === 0) continue;
    const ep = publishingEndpoint(s, sb.id);
    const net = ep && byId.get(ep.networkId);
    if (!ep?.ipv4 || !net?.device) continue;
    for (const p of sb.ports) ports.push({ ...p, targetIp: ep.ipv4, targetIp6: ep.ipv6, device: net.device });
  }
  return {
    table: naming.table,
    bridgeGlob: `${naming.prefix}-b*`,
    networks: bridges.map((n) => ({
      device: n.device as string,
      subnets4: n.subnets.filter((x) => !x.subnet.includes(':')).map((x) => x.subnet),
      subnets6: n.subnets.filter((x) => x.subnet.includes(':')).map((x) => x.subnet),
      internal: n.internal,
      icc: n.icc,
      masquerade: n.masquerade,
      ...(n.dns ? { dnsGateway: n.subnets.find((x) => !x.subnet.includes(':'))?.gateway } : {}),
    })),
    ports,
    forwardGuard: forwardGuard(s),
    ...(mesh ? { mesh } : {}),
  };
}
