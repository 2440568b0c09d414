import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import type { BatchLine } from '../exec/ip';
import { ipBatch, ipBatchForce, ipLine, releaseNetns, showLink } from '../exec/ip';
import { sysctlWrite } from '../exec/sysctl';
import { randomBytes } from 'node:crypto';
import { endpointMac, prefixOf } from '@switchyard/core';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import type { JoinOptions, NetworkDriver } from './driver';

const prefixLen = (subnet: string): number => prefixOf(subnet)?.bits ?? 24;

/**
 * Linux bridge per network, a veth pair per endpoint. A join is one `ip -batch` process inside the sandbox's
 * namespace: it creates the pair with the host end placed straight into the engine's namespace (`netns
 * <our pid>`), already enslaved (`master if<bridge index>`, the index because the bridge's name means
 * nothing in the sandbox) and up, then addresses the sandbox end. A port that needs flags (ICC off, or a
 * sandbox publishing ports) costs one host-side process more. A new namespace needs a host-side process
 * anyway (`netns add`): that one makes the pair and the port, and the inside one only addresses.
 */
export class BridgeDriver implements NetworkDriver {
  readonly type: string = 'bridge';
  readonly scope: 'local' | 'global' = 'local';
  readonly hasEndpoints = true;
  /** Bridge name → ifindex in our namespace, learnt when the bridge is made (or asked for once). */
  private readonly indexes = new Map<string, number>();
  constructor(protected readonly runner: Runner) {}

  /** Links a subclass adds to the bridge in the same batch (the overlay's VXLAN device). */
  protected bridgeMembers(_net: NetworkRecord): BatchLine[] {
    return [];
  }

  async createNetwork(net: NetworkRecord): Promise<void> {
    const br = net.device as string;
    // A fixed MAC: otherwise the bridge takes its lowest port's MAC and changes it as endpoints come and go,
    // leaving stale gateway entries in every sandbox's neighbour table (lost packets for up to 30 s).
    const gw4 = net.subnets.find((s) => !s.subnet.includes(':'))?.gateway;
    const mac = endpointMac(gw4, randomBytes(4));
    const lines = [ipLine`link add ${br} address ${mac} type bridge`, ipLine`link set ${br} mtu ${net.mtu}`];
    for (const s of net.subnets) {
      if (!s.gateway) continue;
      const v6 = s.subnet.includes(':');
      const len = prefixLen(s.subnet);
      lines.push(
        v6
          ? ipLine`addr add ${s.gateway}/${len} dev ${br} nodad`
          : ipLine`addr add ${s.gateway}/${len} dev ${br}`,
      );
    }
    lines.push(...this.bridgeMembers(net), ipLine`link set ${br} up`, ipLine`link show dev ${br}`);
    try {
      // The last line prints `<index>: <name>: <flags> …`: the index joins need, at no extra process.
      const { stdout } = await check(this.runner, ipBatch(lines));
      const index = Number(/^(\d+): /m.exec(stdout)?.[1]);
      if (index > 0) this.indexes.set(br, index);
    } catch (e) {
      await this.runner.run(ipBatchForce([ipLine`link del ${br}`]));
      throw e;
    }
    // Localhost → published port DNAT leaves through the bridge with a 127/8 source (Docker sets this too).
    // (It goes with the bridge. Forwarding is host-wide: host/forwarding.ts sets it, records it, restores it.)
    // Best effort: a read-only /proc/sys (some containers) must not fail the create.
    await this.runner.run(sysctlWrite(`net/ipv4/conf/${br}/route_localnet`, '1'));
  }

  async deleteNetwork(net: NetworkRecord): Promise<void> {
    if (!net.device) return;
    this.indexes.delete(net.device);
    await this.runner.run(ipBatchForce([ipLine`link del ${net.device}`]));
  }

  private async bridgeIndex(br: string): Promise<number> {
    const known = this.indexes.get(br);
    if (known) return known;
    const index = (await showLink(this.runner, br)).ifindex;
    this.indexes.set(br, index);
    return index;
  }

  async join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, opts: JoinOptions): Promise<void> {
    const hv = ep.hostIfname;
    // Port flags are set from our side, before the port goes up: isolated (ICC off) so no frame passes
    // between sandboxes first; hairpin for a sandbox that publishes ports, so with br_netfilter (loaded by
    // dockerd) its own published port, DNAT-ed back to it on the bridge, can leave by the port it came in.
    const flags: BatchLine[] = [
      ...(net.icc ? [] : [ipLine`isolated on`]),
      ...(sb.ports.length > 0 ? [ipLine`hairpin on`] : []),
    ];
    const portUp = [
      ...(flags.length > 0 ? [ipLine`link set ${hv} type bridge_slave ${flags}`] : []),
      ipLine`link set ${hv} up`,
    ];
    try {
      if (opts.newNamespace) {
        // The namespace needs a process of ours first anyway: it makes the pair and the port too.
        const peer = ipLine`peer name ${ep.ifname} mtu ${net.mtu} address ${ep.mac} netns ${sb.netns}`;
        await check(
          this.runner,
          ipBatch([
            ipLine`netns add ${sb.netns}`,
            ipLine`link add ${hv} mtu ${net.mtu} master ${net.device as string} type veth ${peer}`,
            ...portUp,
          ]),
        );
      }
      const index = opts.newNamespace ? 0 : await this.bridgeIndex(net.device as string);
      const up = flags.length === 0 ? [ipLine`up`] : [];
      const inside = [
        ...(opts.newNamespace
          ? [ipLine`link set lo up`]
          : [
              ipLine`link add ${hv} netns ${process.pid} mtu ${net.mtu} master if${index} ${up} type veth peer name ${ep.ifname} mtu ${net.mtu} address ${ep.mac}`,
            ]),
        ...addressing(net, ep, opts.defaultRoute),
        ...(opts.inside?.lines ?? []),
      ];
      await Promise.all([check(this.runner, ipBatch(inside, sb.netns)), opts.alongside?.()]);
      opts.inside?.taken();
      if (!opts.newNamespace && flags.length > 0) await check(this.runner, ipBatch(portUp));
    } catch (e) {
      // A bridge re-made behind our back has a new index: ask again next time.
      this.indexes.delete(net.device as string);
      if (opts.newNamespace) await releaseNetns(this.runner, sb.netns);
      await this.runner.run(
        ipBatchForce([ipLine`link del ${hv}`, ...(opts.newNamespace ? [ipLine`netns del ${sb.netns}`] : [])]),
      );
      throw e;
    }
  }

  async leave(_net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    await this.runner.run(ipBatchForce([ipLine`link del ${ep.hostIfname}`]));
  }
}

/** Inside the sandbox: its addresses, the link up, and the default routes when this endpoint carries them. */
export function addressing(net: NetworkRecord, ep: EndpointRecord, defaultRoute: boolean): BatchLine[] {
  const lines: BatchLine[] = [];
  const v4 = net.subnets.find((s) => !s.subnet.includes(':'));
  const v6 = net.subnets.find((s) => s.subnet.includes(':'));
  if (ep.ipv4 && v4) lines.push(ipLine`addr add ${ep.ipv4}/${prefixLen(v4.subnet)} dev ${ep.ifname}`);
  if (ep.ipv6 && v6) lines.push(ipLine`addr add ${ep.ipv6}/${prefixLen(v6.subnet)} dev ${ep.ifname} nodad`);
  lines.push(ipLine`link set ${ep.ifname} up`);
  if (defaultRoute && v4?.gateway)
    lines.push(ipLine`route replace default via ${v4.gateway} dev ${ep.ifname}`);
  if (defaultRoute && v6?.gateway) lines.push(ipLine`route replace ::/0 via ${v6.gateway} dev ${ep.ifname}`);
  return lines;
}

/**
 * Inside the sandbox: an endpoint's MAC and addresses moved from `from` to its current ones (an address it was
 * given before it was claimed turned out held by another host: cluster/service.ts `claimAndAnnounce`),
 * and its default routes put back (deleting the subnet's only address takes the routes through it).
 */
export function readdressing(
  net: NetworkRecord,
  from: { ipv4?: string; ipv6?: string; mac: string },
  ep: EndpointRecord,
  defaultRoute: boolean,
): BatchLine[] {
  const v4 = net.subnets.find((s) => !s.subnet.includes(':'));
  const v6 = net.subnets.find((s) => s.subnet.includes(':'));
  // The MAC follows the IPv4 address (02:42 + its bytes): the old one is the held address's owner's.
  const lines: BatchLine[] = from.mac !== ep.mac ? [ipLine`link set dev ${ep.ifname} address ${ep.mac}`] : [];
  if (v4 && from.ipv4 && ep.ipv4 && from.ipv4 !== ep.ipv4)
    lines.push(
      ipLine`addr del ${from.ipv4}/${prefixLen(v4.subnet)} dev ${ep.ifname}`,
      ipLine`addr add ${ep.ipv4}/${prefixLen(v4.subnet)} dev ${ep.ifname}`,
    );
  if (v6 && from.ipv6 && ep.ipv6 && from.ipv6 !== ep.ipv6)
    lines.push(
      ipLine`addr del ${from.ipv6}/${prefixLen(v6.subnet)} dev ${ep.ifname}`,
      ipLine`addr add ${ep.ipv6}/${prefixLen(v6.subnet)} dev ${ep.ifname} nodad`,
    );
  if (defaultRoute && v4?.gateway)
    lines.push(ipLine`route replace default via ${v4.gateway} dev ${ep.ifname}`);
  if (defaultRoute && v6?.gateway) lines.push(ipLine`route replace ::/0 via ${v6.gateway} dev ${ep.ifname}`);
  return lines;
}
