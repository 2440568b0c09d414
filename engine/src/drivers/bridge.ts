import { writeFile } from 'node:fs/promises';
import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { ipBatch, ipBatchForce } from '../exec/ip';
import { randomBytes } from 'node:crypto';
import { macFor, parseCidr } from '../ipam/addr';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import type { JoinOptions, NetworkDriver } from './driver';

const prefixLen = (subnet: string): number => parseCidr(subnet)?.cidr.bits ?? 24;

/** Writes a sysctl of the engine's own namespace (never a shell). */
async function sysctl(path: string, value: string): Promise<void> {
  await writeFile(`/proc/sys/${path}`, value).catch(() => undefined);
}

/** Linux bridge per network, a veth pair per endpoint; two `ip -batch` processes per join. */
export class BridgeDriver implements NetworkDriver {
  readonly type = 'bridge';
  readonly scope = 'local' as const;
  readonly hasEndpoints = true;
  constructor(private readonly runner: Runner) {}

  async createNetwork(net: NetworkRecord): Promise<void> {
    const br = net.device as string;
    // A fixed MAC: otherwise the bridge takes its lowest port's MAC and changes it as endpoints come and go,
    // leaving stale gateway entries in every sandbox's neighbour table (lost packets for up to 30 s).
    const gw4 = net.subnets.find((s) => !s.subnet.includes(':'))?.gateway;
    const mac = macFor(gw4, randomBytes(4));
    const lines = [`link add ${br} address ${mac} type bridge`, `link set ${br} mtu ${net.mtu}`];
    for (const s of net.subnets) {
      if (!s.gateway) continue;
      const v6 = s.subnet.includes(':');
      lines.push(`addr add ${s.gateway}/${prefixLen(s.subnet)} dev ${br}${v6 ? ' nodad' : ''}`);
    }
    lines.push(`link set ${br} up`);
    try {
      await check(this.runner, ipBatch(lines));
    } catch (e) {
      await this.runner.run(ipBatchForce([`link del ${br}`]));
      throw e;
    }
    // Localhost → published port DNAT leaves through the bridge with a 127/8 source (Docker sets this too).
    await sysctl(`net/ipv4/conf/${br}/route_localnet`, '1');
    if (!net.internal) await sysctl('net/ipv4/ip_forward', '1');
    if (net.enableIPv6) await sysctl('net/ipv6/conf/all/forwarding', '1');
  }

  async deleteNetwork(net: NetworkRecord): Promise<void> {
    if (net.device) await this.runner.run(ipBatchForce([`link del ${net.device}`]));
  }

  async join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, opts: JoinOptions): Promise<void> {
    const hv = ep.hostIfname;
    const host = [
      ...(opts.newNamespace ? [`netns add ${sb.netns}`] : []),
      `link add ${hv} mtu ${net.mtu} type veth peer name ${ep.ifname} mtu ${net.mtu} address ${ep.mac} netns ${sb.netns}`,
      `link set ${hv} master ${net.device}`,
      // hairpin: a sandbox reaching its own published port through the host; isolated: ICC off.
      `link set ${hv} type bridge_slave hairpin on${net.icc ? '' : ' isolated on'}`,
      `link set ${hv} up`,
    ];
    const inside: string[] = opts.newNamespace ? ['link set lo up'] : [];
    const v4 = net.subnets.find((s) => !s.subnet.includes(':'));
    const v6 = net.subnets.find((s) => s.subnet.includes(':'));
    if (ep.ipv4 && v4) inside.push(`addr add ${ep.ipv4}/${prefixLen(v4.subnet)} dev ${ep.ifname}`);
    if (ep.ipv6 && v6) inside.push(`addr add ${ep.ipv6}/${prefixLen(v6.subnet)} dev ${ep.ifname} nodad`);
    inside.push(`link set ${ep.ifname} up`);
    if (opts.defaultRoute && v4?.gateway)
      inside.push(`route replace default via ${v4.gateway} dev ${ep.ifname}`);
    if (opts.defaultRoute && v6?.gateway)
      inside.push(`route replace ::/0 via ${v6.gateway} dev ${ep.ifname}`);
    try {
      await check(this.runner, ipBatch(host));
      await Promise.all([check(this.runner, ipBatch(inside, sb.netns)), opts.alongside?.()]);
    } catch (e) {
      await this.runner.run(
        ipBatchForce([`link del ${hv}`, ...(opts.newNamespace ? [`netns del ${sb.netns}`] : [])]),
      );
      throw e;
    }
  }

  async leave(_net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    await this.runner.run(ipBatchForce([`link del ${ep.hostIfname}`]));
  }
}
