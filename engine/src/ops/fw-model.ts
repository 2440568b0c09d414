import type { FwModel, FwPort } from '../firewall/model';
import type { State } from '../model/types';
import type { Naming } from '../model/names';
import { sandboxEndpoints } from '../model/lookup';

/** Projects the store onto what the firewall renders. */
export function firewallModel(s: State, naming: Naming): FwModel {
  const bridges = s.networks.filter((n) => n.driver === 'bridge' && n.device);
  const byId = new Map(bridges.map((n) => [n.id, n]));
  const ports: FwPort[] = [];
  for (const sb of s.sandboxes) {
    if (sb.ports.length === 0) continue;
    // Published ports go to the sandbox's address on its first non-internal network (its gateway endpoint).
    const ep = sandboxEndpoints(s, sb.id).find((e) => e.ipv4 && byId.get(e.networkId)?.internal === false);
    const net = ep ? byId.get(ep.networkId) : undefined;
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
    })),
    ports,
  };
}
