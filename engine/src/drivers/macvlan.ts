import type { KernelInfo, NetworkCreateParams } from '@switchyard/protocol';
import { EngineError } from '../errors';
import type { Runner } from '../exec/command';
import { CommandError, check } from '../exec/command';
import type { IpLink } from '../exec/ip';
import { ipBatch, ipBatchForce, ipLine, listLinks, releaseNetns } from '../exec/ip';
import { hasFeature, missingFeature } from '../kernel/features';
import type { Naming } from '../model/names';
import type { EndpointRecord, NetworkRecord, SandboxRecord, State } from '../model/types';
import type { JoinOptions, NetworkDriver } from './driver';
import type { L2Network } from './l2-lines';
import { deleteLines, joinHostLines, joinInsideLines, keepsParentMac, networkLines } from './l2-lines';
import type { L2Kind, L2Options } from './l2-options';
import { HOST_SHIM_OPT, checkShimAddress, parseL2Options, parseVlanParent } from './l2-options';

const MTU_OPT = 'com.docker.network.driver.mtu';

/**
 * macvlan (and ipvlan, same shape): each endpoint is a link stacked on a host interface (the parent) and
 * created straight inside the sandbox's namespace, so sandboxes appear as machines on the parent's LAN. No
 * bridge, no NAT, no firewall: the LAN's router is the gateway. By Linux design the host cannot talk to its
 * own macvlan children through the parent; `-o switchyard.host-shim=IP` gives it a macvlan of its own.
 * ipvlan follows the same code paths but is untested here (this kernel has no ipvlan).
 */
export class L2Driver implements NetworkDriver {
  readonly scope = 'local' as const;
  readonly hasEndpoints = true;
  private kernel?: KernelInfo;
  constructor(
    readonly type: L2Kind,
    private readonly runner: Runner,
    private readonly naming: Naming,
  ) {}

  useKernel(kernel: KernelInfo): void {
    this.kernel = kernel;
  }

  hostLinks(): string[] {
    return [];
  }

  networkLinks(net: NetworkRecord): string[] {
    return net.createdLinks;
  }

  private shape(net: NetworkRecord): L2Network {
    const o = parseL2Options(this.type, net.options);
    const dummyName = this.naming.dummy(net.id);
    return { net, o, parent: o.parent || dummyName, shimName: this.naming.shim(net.id), dummyName };
  }

  private refuse(name: 'macvlan' | 'ipvlan' | 'vlan8021q' | 'dummy', what: string): never {
    throw EngineError.kernel(missingFeature(this.kernel, name, what));
  }

  async planNetwork(net: NetworkRecord, s: State, p: NetworkCreateParams): Promise<NetworkRecord> {
    const what = `cannot create ${this.type} network ${net.name}`;
    if (this.kernel && !hasFeature(this.kernel, this.type)) this.refuse(this.type, what);
    const o = parseL2Options(this.type, net.options);
    const links = new Map((await listLinks(this.runner)).map((l) => [l.ifname, l]));
    const created: string[] = [];
    let parent = o.parent;
    if (parent === '') {
      if (this.kernel && !hasFeature(this.kernel, 'dummy'))
        this.refuse('dummy', `${what} without -o parent (its parent would be a dummy link)`);
      parent = this.naming.dummy(net.id);
      created.push(parent);
    } else if (!links.has(parent)) {
      const vlan = this.vlanParent(parent, links);
      if (this.kernel && !hasFeature(this.kernel, 'vlan8021q'))
        this.refuse('vlan8021q', `${what} on parent ${parent} (VLAN ${vlan.id} on ${vlan.base})`);
      created.push(parent);
    } else {
      const link = links.get(parent) as IpLink;
      if (link.flags.includes('LOOPBACK') || link.link_type === 'loopback')
        throw EngineError.invalid(`loopback interface is not a valid ${this.type} parent link`);
      // A VLAN sub-interface another network of ours made: shared, removed with its last user (as Docker).
      if (s.networks.some((n) => n.createdLinks.includes(parent))) created.push(parent);
    }
    if (o.parent !== '') this.checkSharedParent(net, o, s);
    const subnets = net.subnets.map((sub) => ({
      ...sub,
      // Docker (Engine 29) gives macvlan/ipvlan a gateway only when one is asked for: it is a LAN router.
      gateway: p.ipam.find((c) => c.subnet && c.subnet.includes(':') === sub.subnet.includes(':'))?.gateway,
    }));
    if (o.shim !== undefined) {
      if (this.type !== 'macvlan' || o.mode !== 'bridge')
        throw EngineError.invalid(
          `${HOST_SHIM_OPT} needs -d macvlan with macvlan_mode bridge (the shim is a bridge-mode macvlan; it cannot reach ${this.type === 'macvlan' ? `${o.mode} mode` : 'ipvlan'} sandboxes)`,
        );
      const v4 = checkShimAddress(o.shim, subnets, net.name);
      v4.auxAddresses = { ...v4.auxAddresses, 'switchyard-host-shim': o.shim };
      created.push(this.naming.shim(net.id));
    }
    return {
      ...net,
      internal: net.internal || o.parent === '',
      mtu: this.mtu(net, parent, links),
      icc: true,
      masquerade: false,
      dns: true,
      device: undefined,
      subnets,
      createdLinks: created,
    };
  }

  /** Docker's texts for a parent that is not on the host, with the host's interfaces named. */
  private vlanParent(parent: string, links: Map<string, IpLink>) {
    try {
      return parseVlanParent(parent, (n) => links.has(n));
    } catch (e) {
      const names = [...links.keys()].filter((n) => n !== 'lo' && !this.naming.isOurLink(n)).slice(0, 12);
      throw new EngineError(
        (e as EngineError).code,
        `${(e as Error).message} (the host has no interface ${parent}; it has: ${names.join(', ') || 'none'})`,
        (e as EngineError).kind,
      );
    }
  }

  /** macvlan: passthru owns its parent (Engine 29's texts); ipvlan: one network per parent; never both kinds. */
  private checkSharedParent(net: NetworkRecord, o: L2Options, s: State): void {
    for (const other of s.networks) {
      if (other.id === net.id || (other.options['parent'] ?? '') !== o.parent) continue;
      if (other.driver !== this.type && (other.driver === 'macvlan' || other.driver === 'ipvlan'))
        throw EngineError.conflict(
          `${other.driver} network ${other.name} is already using parent interface ${o.parent}; a parent carries macvlan or ipvlan links, not both`,
        );
      if (other.driver !== this.type) continue;
      if (this.type === 'ipvlan')
        throw EngineError.conflict(
          `network di-${other.id.slice(0, 12)} is already using parent interface ${o.parent}`,
        );
      if (o.mode === 'passthru')
        throw EngineError.conflict(
          `cannot use mode passthru, macvlan network ${other.id} is already using parent interface ${o.parent}`,
        );
      if ((other.options['macvlan_mode'] || 'bridge') === 'passthru')
        throw EngineError.conflict(
          `macvlan network ${other.id} is already using parent interface ${o.parent} in mode passthru`,
        );
    }
  }

  /** `-o com.docker.network.driver.mtu` (at most the parent's), else the parent's own MTU. */
  private mtu(net: NetworkRecord, parent: string, links: Map<string, IpLink>): number {
    const base = parent.includes('.') && !links.has(parent) ? parent.split('.')[0] : parent;
    const parentMtu = (base && links.get(base)?.mtu) || 1500;
    if (net.options[MTU_OPT] === undefined) return parentMtu;
    if (net.mtu > parentMtu)
      throw EngineError.invalid(
        `invalid MTU ${net.mtu} (${MTU_OPT}): the parent interface ${parent} has MTU ${parentMtu}; a ${this.type} link cannot exceed it`,
      );
    return net.mtu;
  }

  /** Makes what is missing (also reconcile's repair); undoes its own lines when one fails. */
  async createNetwork(net: NetworkRecord): Promise<void> {
    if (net.createdLinks.length === 0) return;
    const l = this.shape(net);
    const present = new Set((await listLinks(this.runner)).map((x) => x.ifname));
    const lines = networkLines(l, present);
    if (lines.length === 0) return;
    try {
      await check(this.runner, ipBatch(lines));
    } catch (e) {
      const made = net.createdLinks.filter((n) => !present.has(n)).reverse();
      await this.runner.run(ipBatchForce(made.map((n) => ipLine`link del ${n}`)));
      throw e;
    }
  }

  async deleteNetwork(net: NetworkRecord, remaining: NetworkRecord[] = []): Promise<void> {
    const lines = deleteLines(this.shape(net), remaining);
    if (lines.length > 0) await this.runner.run(ipBatchForce(lines));
  }

  async join(net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord, opts: JoinOptions): Promise<void> {
    const l = this.shape(net);
    const newNs = opts.newNamespace === true;
    try {
      await check(this.runner, ipBatch(joinHostLines(l, ep, sb, newNs))).catch((e: unknown) => {
        throw this.portError(l, e);
      });
      const inside = check(this.runner, ipBatch(joinInsideLines(l, ep, newNs, opts.defaultRoute), sb.netns));
      await Promise.all([inside, opts.alongside?.()]);
      if (keepsParentMac(l.o))
        ep.mac =
          (await listLinks(this.runner, sb.netns)).find((x) => x.ifname === ep.ifname)?.address ?? ep.mac;
    } catch (e) {
      if (newNs) {
        await releaseNetns(this.runner, sb.netns);
        await this.runner.run(ipBatchForce([ipLine`netns del ${sb.netns}`]));
      } else await this.runner.run(ipBatchForce([ipLine`link del ${ep.ifname}`], sb.netns));
      throw e;
    }
  }

  /** Docker's texts: a parent gone since the network was made, or the kernel refusing the port. */
  private portError(l: L2Network, e: unknown): Error {
    const text = e instanceof CommandError ? e.result.stderr : String(e);
    if (text.includes(`Cannot find device "${l.parent}"`))
      return EngineError.notFound(
        `the requested parent interface ${l.parent} was not found on the Docker host`,
      );
    const why = text
      .replace(/^Error: /gm, '')
      .split('\n')
      .find((x) => x.trim() && !x.startsWith('Command failed'));
    return EngineError.kernel(`failed to create the ${this.type} port: ${why?.trim() ?? text.trim()}`);
  }

  /** The link lives in the sandbox: deleted there (a namespace kept alive by anything would keep it too). */
  async leave(_net: NetworkRecord, ep: EndpointRecord, sb: SandboxRecord): Promise<void> {
    await this.runner.run(ipBatchForce([ipLine`link del ${ep.ifname}`], sb.netns));
  }
}
