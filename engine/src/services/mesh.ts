import { createHash } from 'node:crypto';
import { endpointMac } from '@switchyard/core';
import type { ClusterStore } from '../cluster/store';
import type { ClusterSync } from '../cluster/sync';
import { claimValue } from '../cluster/sync';
import type { EndpointRow } from '../cluster/records';
import { keys } from '../cluster/records';
import type { ServiceRecord } from '../cluster/service-records';
import { claimAndAnnounceTxn } from '../cluster/txn';
import { emptyDirty } from '../cluster/view';
import type { EngineContext } from '../engine-context';
import { bridgeBatch } from '../exec/bridge';
import { check } from '../exec/command';
import type { BatchLine } from '../exec/ip';
import { ipBatchForce, ipLine, listAddrs } from '../exec/ip';
import type { FwModel } from '../firewall/fw-model';
import type { NetworkRecord } from '../model/types';
import { publishingEndpoint } from '../ops/fw-model';
import { syncFirewall } from '../ops/network-ops';
import type { Reservation } from '../ports/reserve';
import { reservePorts } from '../ports/reserve';
import { backendRows } from './view';

/** Tries to claim the host's ingress address before giving up until the next pass (as an endpoint's join). */
const CLAIM_TRIES = 16;

/** This host's own address on the ingress network (Docker's `ingress-endpoint` of its `ingress-sbox`). */
interface HostEndpoint {
  net: NetworkRecord;
  device: string;
  row: EndpointRow;
}

type MeshModel = NonNullable<FwModel['mesh']>;

/**
 * A service label (`--label switchyard.ingress.local-first=true`): a host that runs a replica of the
 * service sends the flows it receives on the service's ingress ports to its own replicas only; a host with
 * none spreads them over all, as without the label. What it buys (bench/README.md, "routing mesh"): such a
 * flow costs what a `mode=host` port's does (one DNAT on the host, no VXLAN hop, no SNAT, the client's
 * address kept). What it costs: balancing over the cluster then follows how clients spread over the hosts
 * (a load balancer or DNS in front of them), not the replica count; a host with one replica and many
 * clients loads that replica alone. Kubernetes calls the like `trafficDistribution: PreferClose`.
 */
export const LOCAL_FIRST_LABEL = 'switchyard.ingress.local-first';

/** The replicas one host's mesh map sends to: all, or with local-first only its own when it has any. */
export function meshTargets<R extends { vtep: string }>(
  rows: readonly R[],
  me: string,
  localFirst: boolean,
): R[] {
  const local = rows.filter((r) => r.vtep === me);
  return localFirst && local.length > 0 ? local : [...rows];
}

/** A host's MAC on the ingress network: from its address, as every endpoint's (the same after a restart). */
const ingressMac = (ip: string) => endpointMac(ip, new Uint8Array(4));

/**
 * What puts a host's ingress address on its bridge: the /32 and its MAC as a local FDB entry of the bridge;
 * and what takes off the addresses of earlier lives (`stale`), their local FDB entries with them. Such an
 * entry left behind makes the bridge take every frame to that MAC for the host itself: once the address
 * goes to a replica on another host (a restart slower than the lease TTL frees it), this host's requests
 * to that replica vanish.
 */
export function meshBridgeLines(
  device: string,
  address: string,
  mac: string,
  stale: readonly string[],
): { addr: BatchLine[]; fdb: BatchLine[] } {
  const gone = stale.filter((a) => a !== address);
  return {
    addr: [
      ...gone.map((a) => ipLine`addr del ${a}/32 dev ${device}`),
      ipLine`addr replace ${address}/32 dev ${device}`,
    ],
    fdb: [
      ...gone
        .map((a) => ingressMac(a))
        .filter((m) => m !== mac)
        .map((m) => ipLine`fdb del ${m} dev ${device} self local`),
      ipLine`fdb replace ${mac} dev ${device} self local`,
    ],
  };
}

/**
 * The routing mesh, translated in the host's own namespace (no ingress sandbox on the path): every
 * `mode=ingress` port of every service is reserved on this host (bound, as any published port: a clash
 * with another listener fails here), and the engine's `ports` chain DNATs each new flow straight to one
 * replica through a `numgen` map (firewall/render.ts `meshDnat`): a replica on this host at its address on
 * its own network (its reply goes back through this host by its default route: the client's address is
 * kept), a replica on another host at its ingress address, SNAT-ed to this host's own ingress address (the
 * `mesh` chain) so the reply crosses back to this host. That address is claimed like an endpoint's (one
 * compare-and-swap transaction with its row, under the host's lease), put on the ingress bridge as a /32
 * with its own MAC as a local FDB entry of the bridge (the hosts' bridges share the gateway's MAC), and
 * announced, so every other host's VXLAN device answers ARP for it and sends its frames here. The map is
 * rewritten as part of the firewall's delta (one nft transaction) only when the replica set changed.
 */
export class IngressMesh {
  private host?: HostEndpoint;
  /** `proto/port` → the held host port. */
  private readonly held = new Map<string, Reservation[]>();
  /** `proto/port` → why it could not be reserved (logged once per reason). */
  private readonly failed = new Map<string, string>();
  private model: MeshModel = { ports: [] };
  private applied = JSON.stringify(this.model);
  /** Round robin of the reserving socket's proxy over a port's replicas. */
  private turn = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ClusterStore,
    private readonly sync: ClusterSync,
  ) {
    ctx.mesh = () => this.model;
    sync.hostRows = () => {
      this.adopt();
      return this.host ? [this.host.row] : [];
    };
  }

  /**
   * After a restart: this host's row of its earlier life, still in the store (a resumed lease) or the
   * listing, is taken as it is (same address, no event for the peers); its kernel half is written again
   * at the next update.
   */
  private adopt(): void {
    if (this.host) return;
    for (const net of this.ctx.store.state.networks) {
      if (!net.device || net.scope !== 'global') continue;
      const row = this.sync.view.rowsOf(net.id).find((r) => r.id === this.endpointId(net.id));
      if (!row?.ipv4 || row.vtep !== this.me) continue;
      this.host = { net, device: net.device, row };
      this.rewrite = true;
      return;
    }
  }
  /** The host endpoint was adopted: its address and FDB entry go on the bridge again (idempotent). */
  private rewrite = false;

  private get me(): string {
    return this.store.cfg.advertiseAddr;
  }

  /** This host's ingress endpoint id: one per host and network, the same after a restart. */
  private endpointId(networkId: string): string {
    return `ingress-${createHash('sha256').update(`${this.me}/${networkId}`).digest('hex').slice(0, 40)}`;
  }

  /**
   * The ports and backends of now; the host's claim and reservations follow; the firewall when it changed.
   * True when something could not be done (a port held by someone else, no address): try again soon.
   */
  async update(): Promise<boolean> {
    const view = this.sync.view;
    const services = [...view.services.values()].filter((r) =>
      r.spec.ports.some((p) => p.mode === 'ingress'),
    );
    const ingressId = services.flatMap((r) => r.networks.filter((n) => n.ingress))[0]?.id;
    const net = this.ctx.store.state.networks.find((n) => n.id === ingressId && n.device);
    if (!net || !view.hosts.has(this.me)) await this.dropHost();
    else if (this.host?.net.id !== net.id) {
      await this.dropHost();
      await this.claimHost(net);
    } else if (this.rewrite) await this.putOnBridge(this.host, []);
    const ports = await this.reserve(services);
    const next: MeshModel = this.host
      ? {
          ports: ports.map(({ rec, p }) => ({
            protocol: p.protocol as 'tcp' | 'udp',
            port: p.published,
            target: p.target,
            backends: this.backends(rec, this.host as HostEndpoint),
          })),
          snat: { device: this.host.device, address: this.host.row.ipv4 as string },
        }
      : { ports: [] };
    const text = JSON.stringify(next);
    this.model = next;
    const incomplete = this.failed.size > 0 || (net !== undefined && !this.host);
    if (text === this.applied) return incomplete;
    const t0 = performance.now();
    await syncFirewall(this.ctx);
    this.applied = text;
    this.ctx.log.debug('routing mesh programmed', {
      ports: next.ports.map((p) => `${p.port}→${p.backends.length}`).join(' '),
      ms: Math.round(performance.now() - t0),
    });
    return incomplete;
  }

  /** Each replica as this host reaches it: a local one on its own network, a remote one over ingress. */
  private backends(rec: ServiceRecord, host: HostEndpoint): string[] {
    const s = this.ctx.store.state;
    const rows = backendRows(this.sync.view, rec, host.net.id);
    return meshTargets(rows, this.me, rec.spec.labels[LOCAL_FIRST_LABEL] === 'true').map((r) =>
      r.vtep === this.me
        ? (publishingEndpoint(s, r.sandboxId)?.ipv4 ?? (r.ipv4 as string))
        : (r.ipv4 as string),
    );
  }

  /** Holds every ingress port of `services` on this host (and releases the others); the ones held. */
  private async reserve(services: ServiceRecord[]) {
    const want = new Map(
      services.flatMap((rec) =>
        rec.spec.ports
          .filter((p) => p.mode === 'ingress')
          .map((p) => [`${p.protocol}/${p.published}`, { rec, p }]),
      ),
    );
    for (const [k, h] of this.held)
      if (!want.has(k)) {
        this.held.delete(k);
        await Promise.all(h.map((r) => r.release()));
      }
    for (const k of this.failed.keys()) if (!want.has(k)) this.failed.delete(k);
    for (const [k, { rec, p }] of want) {
      if (this.held.has(k)) continue;
      try {
        const target = () => {
          const b = this.model.ports.find((x) => `${x.protocol}/${x.port}` === k)?.backends ?? [];
          const ipv4 = b[this.turn++ % Math.max(1, b.length)];
          return ipv4 ? { ipv4 } : undefined;
        };
        this.held.set(
          k,
          await reservePorts(
            [
              {
                hostIp: '0.0.0.0',
                dualStack: true,
                hostPortStart: p.published,
                hostPortEnd: p.published,
                containerPort: p.target,
                protocol: p.protocol,
              },
            ],
            new Set(),
            target,
          ),
        );
        this.failed.delete(k);
      } catch (e) {
        const why = String((e as Error)?.message ?? e);
        if (this.failed.get(k) !== why)
          this.ctx.log.error('could not publish an ingress port on this host', {
            service: rec.name,
            port: k,
            error: why,
          });
        this.failed.set(k, why);
      }
    }
    return [...want].filter(([k]) => this.held.has(k)).map(([, v]) => v);
  }

  /**
   * Claims this host's address on the ingress network (the address its bridge held before a restart when
   * it is still free) with its row in one transaction, then puts it on the bridge. Addresses of earlier
   * lives other than the one taken are removed from the bridge.
   */
  private async claimHost(net: NetworkRecord): Promise<void> {
    const cluster = this.ctx.cluster;
    const device = net.device as string;
    if (!cluster?.pickAddress || !this.store.up || !this.store.leaseId) return;
    const gateway = net.subnets.find((s) => !s.subnet.includes(':'))?.gateway;
    const leftovers = (await listAddrs(this.ctx.runner).catch(() => []))
      .filter((l) => l.ifname === device)
      .flatMap((l) => l.addr_info)
      .filter((a) => a.family === 'inet' && a.prefixlen === 32 && a.local !== gateway)
      .map((a) => a.local);
    const id = this.endpointId(net.id);
    const exclude = new Set<string>();
    let requested: string | undefined = leftovers[0];
    for (let i = 0; i < CLAIM_TRIES; i++) {
      let ip: string | undefined;
      try {
        ip = cluster.pickAddress(net, 4, requested, exclude);
      } catch {
        // The earlier address is held by someone else now: any free one.
        if (requested === undefined) break;
        requested = undefined;
        continue;
      }
      if (!ip) break;
      const row: EndpointRow = {
        id,
        networkId: net.id,
        vtep: this.me,
        host: this.store.cfg.nodeName,
        sandboxId: '',
        name: 'ingress-endpoint',
        aliases: [],
        mac: ingressMac(ip),
        ipv4: ip,
      };
      const res = await this.store.call((c) =>
        claimAndAnnounceTxn(
          c,
          net.id,
          [ip],
          claimValue(this.me, id),
          { key: keys.endpoint(net.id, id), value: JSON.stringify(row) },
          this.store.leaseId as string,
        ),
      );
      const mine = !res.ok && !res.gone && res.held.get(ip) === claimValue(this.me, id);
      if (!res.ok && !mine) {
        if (res.gone) return;
        exclude.add(ip);
        requested = undefined;
        continue;
      }
      if (mine)
        await this.store.call((c) =>
          c
            .put(keys.endpoint(net.id, id))
            .value(JSON.stringify(row))
            .lease(this.store.leaseId as string)
            .exec(),
        );
      this.host = { net, device, row };
      await this.putOnBridge(
        this.host,
        leftovers.filter((a) => a !== ip),
      );
      this.sync.view.apply(keys.endpoint(net.id, id), JSON.stringify(row), emptyDirty());
      this.ctx.log.info('routing mesh: this host claimed its ingress address', {
        address: ip,
        network: net.name,
      });
      return;
    }
    this.ctx.log.error('routing mesh: no address on the ingress network for this host', {
      network: net.name,
    });
  }

  /**
   * The address on the ingress bridge (a /32: the bridge's subnet route stays the gateway's) and its MAC as
   * a local FDB entry of the bridge, so frames from other hosts' replicas to it are taken by this host.
   */
  private async putOnBridge(h: HostEndpoint, stale: string[]): Promise<void> {
    const lines = meshBridgeLines(h.device, h.row.ipv4 as string, h.row.mac, stale);
    await check(this.ctx.runner, ipBatchForce(lines.addr));
    await check(this.ctx.runner, bridgeBatch(lines.fdb, true));
    this.rewrite = false;
  }

  /** Gives the host's ingress address back: its row and claim (only while still ours), the bridge's copy. */
  private async dropHost(): Promise<void> {
    const h = this.host;
    if (!h) return;
    this.host = undefined;
    const ip = h.row.ipv4 as string;
    this.sync.view.apply(keys.endpoint(h.net.id, h.row.id), undefined, emptyDirty());
    if (this.ctx.store.state.networks.some((n) => n.device === h.device)) {
      await this.ctx.runner.run(ipBatchForce([ipLine`addr del ${ip}/32 dev ${h.device}`]));
      await this.ctx.runner.run(bridgeBatch([ipLine`fdb del ${h.row.mac} dev ${h.device} self local`], true));
    }
    if (!this.store.up) return;
    const c = this.store.client;
    const rowKey = keys.endpoint(h.net.id, h.row.id);
    await c
      .if(keys.ip(h.net.id, ip), 'Value', '==', claimValue(this.me, h.row.id))
      .then(c.delete().key(rowKey), c.delete().key(keys.ip(h.net.id, ip)))
      .else(c.delete().key(rowKey))
      .commit()
      .catch((e: unknown) => this.store.markDown(e));
  }

  /**
   * The daemon stops: the ports' sockets are released; the address, its row (under the lease) and the
   * rules stay, so a restart within the lease changes nothing for the peers (adopt).
   */
  async close(): Promise<void> {
    const held = [...this.held.values()].flat();
    this.held.clear();
    await Promise.all(held.map((r) => r.release()));
  }
}
