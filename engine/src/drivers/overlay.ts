import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { bridgeBatch, listPermanentNeigh, listRemoteFdb } from '../exec/bridge';
import { ipBatch, ipBatchForce, ipLine } from '../exec/ip';
import type { BatchLine } from '../exec/ip';
import type { KernelInfo } from '@switchyard/protocol';
import { missingFeature, hasFeature } from '../kernel/features';
import type { EndpointRecord, NetworkRecord, SandboxRecord } from '../model/types';
import { BridgeDriver } from './bridge';
import type { JoinOptions } from './driver';
import type { LocalPort, OverlayBypass } from './overlay-bypass';

export const VXLAN_PORT = 4789;
export const VNI_OPTION = 'com.docker.network.driver.overlay.vxlanid_list';

/**
 * A remote endpoint as the data plane needs it: its addresses (IPv4, and IPv6 on a dual-stack network;
 * `ip` may be empty on an IPv6-only one), its MAC, and the host (VTEP) it lives on.
 */
export interface Peer {
  ip: string;
  ip6?: string;
  mac: string;
  vtep: string;
}

/** The neighbour entries of a peer: one per address (the VXLAN device answers ARP and NDP from them). */
const addrsOf = (p: Peer): string[] => [p.ip, p.ip6 ?? ''].filter((a) => a !== '');
const samePeer = (a: Peer, b: Peer) =>
  a.ip === b.ip && (a.ip6 ?? '') === (b.ip6 ?? '') && a.mac === b.mac && a.vtep === b.vtep;

/** Where the VXLAN devices send from: this host's advertise address and the link that holds it. */
export interface Underlay {
  address: string;
  device: string;
}

/** Expected vs programmed entries of one network's VXLAN device (for `network inspect`). */
export interface PeerCounts {
  fdb: { mac: string; dst: string }[];
  neigh: { ip: string; mac: string }[];
}

/**
 * VXLAN overlay: per network and host, our bridge (gateway, DNS, veths as the bridge driver) plus a VXLAN
 * device enslaved to it, `nolearning` (no flooding, no learning across the underlay) and `proxy` (ARP
 * requests for remote endpoints are answered from its neighbour table, so no ARP crosses the underlay).
 * Every remote endpoint is one permanent FDB entry (MAC → VTEP) and one permanent neighbour entry (IP →
 * MAC) on that device, programmed from the cluster store's watch (cluster/sync.ts).
 */
export class OverlayDriver extends BridgeDriver {
  override readonly type: string = 'overlay';
  override readonly scope: 'local' | 'global' = 'global';
  /** What is programmed per VXLAN device, so a change costs one batch without reading the kernel first. */
  private readonly programmed = new Map<string, Map<string, Peer>>();

  constructor(
    runner: Runner,
    private readonly underlay: () => Underlay | undefined,
    private readonly vxlanName: (networkId: string) => string,
    /** The bridge bypass for frames to and from other hosts (absent: every frame takes the bridge). */
    readonly bypass?: OverlayBypass,
  ) {
    super(runner);
  }

  /** The bypass needs nftables' netdev `fwd`; without it every frame takes the bridge (and inspect says so). */
  useKernel(kernel: KernelInfo): void {
    if (!this.bypass) return;
    this.bypass.unavailable = hasFeature(kernel, 'netdevFwd')
      ? undefined
      : missingFeature(kernel, 'netdevFwd', 'the bridge bypass is off');
  }

  vxlan(net: NetworkRecord): string {
    return this.vxlanName(net.id);
  }

  /** The bridge and its VXLAN device: the reconciler re-makes the network when either is missing. */
  networkLinks(net: NetworkRecord): string[] {
    return [...(net.device ? [net.device] : []), this.vxlan(net)];
  }

  /** The VXLAN device, made and enslaved in the bridge's own batch (one `ip` job per network). */
  protected override bridgeMembers(net: NetworkRecord): BatchLine[] {
    const u = this.mustUnderlay();
    const vni = Number(net.options[VNI_OPTION]);
    const vx = this.vxlan(net);
    return [
      ipLine`link add ${vx} mtu ${net.mtu} type vxlan id ${vni} local ${u.address} dev ${u.device} dstport ${VXLAN_PORT} nolearning proxy`,
      ipLine`link set ${vx} master ${net.device ?? ''}`,
      ipLine`link set ${vx} up`,
    ];
  }

  private mustUnderlay(): Underlay {
    const u = this.underlay();
    if (!u)
      throw new Error('overlay networks need the cluster store (start the daemon with --cluster-store)');
    return u;
  }

  override async createNetwork(net: NetworkRecord): Promise<void> {
    this.mustUnderlay();
    const vx = this.vxlan(net);
    const dropVxlan = () => this.runner.run(ipBatchForce([ipLine`link del ${vx}`]));
    try {
      await super.createNetwork(net).catch(async () => {
        // A VXLAN device left by an earlier life holds the name or the VNI (moby's lesson): remove, retry once.
        await dropVxlan();
        await super.createNetwork(net);
      });
    } catch (e) {
      await dropVxlan();
      throw e;
    }
    this.programmed.set(vx, new Map());
    // A table of an earlier life of this network points at devices that are gone: the next program writes it whole.
    await this.bypass?.forget(net);
  }

  override async deleteNetwork(net: NetworkRecord): Promise<void> {
    const vx = this.vxlan(net);
    this.programmed.delete(vx);
    await this.bypass?.remove(net);
    await this.runner.run(ipBatchForce([ipLine`link del ${vx}`]));
    await super.deleteNetwork(net);
  }

  /**
   * Makes the device's entries equal `want` (keyed by endpoint id): adds the new, replaces those whose MAC
   * or VTEP changed (`replace`, never `add`: a stale MAC would otherwise survive), deletes the rest. With
   * `fromKernel` the current entries are read from the kernel first (start, reconnect, compaction), so
   * entries nobody explains are removed too. One `ip -batch` and one `bridge -batch`, run together.
   */
  async programPeers(
    net: NetworkRecord,
    want: Map<string, Peer>,
    fromKernel = false,
    locals?: Map<string, LocalPort>,
  ): Promise<void> {
    const vx = this.vxlan(net);
    try {
      await this.programEntries(vx, want, fromKernel);
    } finally {
      // The bypass's sets follow in one nft transaction, not waited for: it is a shortcut (frames take the
      // bridge until it lands), and under a burst of changes the bypass merges them into one transaction.
      // Started only once the entries are in: on the path of a peer's arrival its transaction would compete
      // with their batches for the cores (a new endpoint reachable later, for a shortcut it does not need).
      if (locals) void this.bypassFor(net, want, locals, fromKernel);
    }
  }

  private async programEntries(vx: string, want: Map<string, Peer>, fromKernel: boolean): Promise<void> {
    const have = fromKernel ? await this.readKernel(vx, want) : (this.programmed.get(vx) ?? new Map());
    // Values come from other hosts' records: every one is checked by ipLine before it reaches a batch.
    const neighDel: BatchLine[] = [];
    const neighPut: BatchLine[] = [];
    const fdb: BatchLine[] = [];
    const fdbDel: BatchLine[] = [];
    const put = (p: Peer) => {
      for (const ip of addrsOf(p))
        neighPut.push(ipLine`neigh replace ${ip} lladdr ${p.mac} dev ${vx} nud permanent`);
      fdb.push(ipLine`fdb replace ${p.mac} dev ${vx} dst ${p.vtep} self permanent`);
    };
    const wantIps = new Set([...want.values()].flatMap(addrsOf));
    for (const [id, p] of want) {
      const h = have.get(id);
      if (h && samePeer(h, p)) continue;
      if (h && h.mac !== p.mac) fdbDel.push(ipLine`fdb del ${h.mac} dev ${vx} self`);
      if (h)
        for (const ip of addrsOf(h)) if (!wantIps.has(ip)) neighDel.push(ipLine`neigh del ${ip} dev ${vx}`);
      put(p);
    }
    const wantMacs = new Map([...want.values()].map((p) => [p.mac, p]));
    for (const [id, h] of have) {
      if (want.has(id)) continue;
      for (const ip of addrsOf(h)) if (!wantIps.has(ip)) neighDel.unshift(ipLine`neigh del ${ip} dev ${vx}`);
      if (h.mac && h.vtep && !wantMacs.has(h.mac)) fdbDel.push(ipLine`fdb del ${h.mac} dev ${vx} self`);
      // An endpoint that shared its MAC (its address) with a wanted one may have been programmed last (two
      // hosts briefly held the same address: a host back after its lease expired). The one left is written
      // again, so the entry never stays pointing at the host that let go.
      const twin = h.mac ? wantMacs.get(h.mac) : undefined;
      if (twin && twin.vtep !== h.vtep) put(twin);
    }
    const jobs: Promise<unknown>[] = [];
    // Deletions first and forced (an entry may already be gone); additions must all succeed.
    if (neighDel.length > 0 || neighPut.length > 0) jobs.push(this.runNeigh(neighDel, neighPut));
    if (fdbDel.length > 0 || fdb.length > 0)
      jobs.push(
        (async () => {
          if (fdbDel.length > 0) await this.runner.run(bridgeBatch(fdbDel, true));
          if (fdb.length > 0) await check(this.runner, bridgeBatch(fdb));
        })(),
      );
    await Promise.all(jobs);
    this.programmed.set(vx, new Map(want));
  }

  /**
   * The bypass's part of a change: remote MACs (those of the FDB; a MAC also held by a local endpoint is left
   * to the bridge) and local ports. Its failures only turn it off (logged by the bypass itself).
   */
  private bypassFor(
    net: NetworkRecord,
    want: Map<string, Peer>,
    local: Map<string, LocalPort>,
    full: boolean,
  ): Promise<void> | undefined {
    if (!this.bypass) return undefined;
    const localMacs = new Set([...local.values()].map((p) => p.mac));
    const remote = new Set([...want.values()].map((p) => p.mac).filter((m) => !localMacs.has(m)));
    return this.bypass.program(net, this.vxlan(net), { remote, local }, full);
  }

  /**
   * A local veth leaves the bypass before it is deleted: `fwd to` an ifindex that is gone drops the frame,
   * so no element may outlive its veth. A join (also the reconciler re-making a veth) drops what an earlier
   * veth of the endpoint left; the next program, after the announce, adds the new one.
   */
  override async leave(net: NetworkRecord, ep: EndpointRecord): Promise<void> {
    await this.bypass?.leave(net.id, ep.id);
    await super.leave(net, ep);
  }

  override async join(
    net: NetworkRecord,
    ep: EndpointRecord,
    sb: SandboxRecord,
    opts: JoinOptions,
  ): Promise<void> {
    await this.bypass?.leave(net.id, ep.id);
    await super.join(net, ep, sb, opts);
    this.bypass?.joined(net.id, ep.id);
  }

  private async runNeigh(dels: BatchLine[], puts: BatchLine[]): Promise<void> {
    if (dels.length > 0) await this.runner.run(ipBatchForce(dels));
    if (puts.length > 0) await check(this.runner, ipBatch(puts));
  }

  /** Kernel entries as peers; an entry that no wanted endpoint explains gets a synthetic id, so it goes. */
  private async readKernel(vx: string, want: Map<string, Peer>): Promise<Map<string, Peer>> {
    const [fdb, neigh] = await Promise.all([
      listRemoteFdb(this.runner, vx),
      listPermanentNeigh(this.runner, vx),
    ]);
    const byMac = new Map(fdb.map((f) => [f.mac, f.dst]));
    const byIp = new Map(neigh.map((n) => [n.ip, n.mac]));
    const have = new Map<string, Peer>();
    const used = new Set<string>();
    for (const [id, p] of want) {
      const mac = byIp.get(p.ip || (p.ip6 ?? ''));
      const vtep = mac ? byMac.get(mac) : undefined;
      if (!mac || !vtep) continue;
      // An address is only counted as programmed when it points at the same MAC: else it is written again.
      const ip = byIp.get(p.ip) === mac ? p.ip : '';
      const ip6 = p.ip6 && byIp.get(p.ip6) === mac ? p.ip6 : undefined;
      have.set(id, { ip, ...(ip6 ? { ip6 } : {}), mac, vtep });
      for (const a of [ip, ip6]) if (a) used.add(`n:${a}`);
      used.add(`f:${mac}`);
    }
    for (const n of neigh)
      if (!used.has(`n:${n.ip}`)) have.set(`stale-n:${n.ip}`, { ip: n.ip, mac: n.mac, vtep: '' });
    for (const f of fdb)
      if (!used.has(`f:${f.mac}`)) have.set(`stale-f:${f.mac}`, { ip: '', mac: f.mac, vtep: f.dst });
    return have;
  }

  /** What the kernel holds for this network right now (inspect's "programmed"). */
  async kernelEntries(net: NetworkRecord): Promise<PeerCounts> {
    const vx = this.vxlan(net);
    const [fdb, neigh] = await Promise.all([
      listRemoteFdb(this.runner, vx).catch(() => []),
      listPermanentNeigh(this.runner, vx).catch(() => []),
    ]);
    return { fdb, neigh };
  }
}
