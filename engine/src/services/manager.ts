import type { ServiceCreateParams, ServiceInfo, ServiceReplica } from '@switchyard/protocol';
import { NetworkCreateParamsSchema } from '@switchyard/protocol';
import { DNSRR_INGRESS_CLASH } from '@switchyard/core';
import { keys } from '../cluster/records';
import type { ClusterService } from '../cluster/service';
import type { ClusterStore } from '../cluster/store';
import type { ClusterSync } from '../cluster/sync';
import { emptyDirty } from '../cluster/view';
import { EngineError } from '../errors';
import { findNetwork, findService } from '../model/lookup';
import { newId } from '../model/names';
import type { NetworkRecord } from '../model/types';
import type { EngineContext, ServicesHook } from '../engine-context';
import { createNetwork, knownNetworks } from '../ops/network-ops';
import type { ServiceAgent } from './agent';
import { place } from './placement';
import type { ServiceRecord, TaskRow } from '../cluster/service-records';
import {
  INGRESS_NETWORK,
  INGRESS_SUBNET,
  VIP_OWNER,
  svcKeys,
  vipClaimEndpoint,
} from '../cluster/service-records';
import { serviceInfo } from './view';

/** Operations per etcd transaction when writing placements (etcd's default limit is 128). */
const TXN_OPS = 100;

/** Label that marks the routing mesh's network (Docker's `Ingress: true`). */
export const INGRESS_LABEL = 'switchyard.ingress';

/**
 * `service create|ls|inspect|scale|rm|ps` on any host of the cluster. The record and the placement of its
 * replicas go to etcd in one transaction (with the name and ingress ports claimed, as every claim: a key
 * created only if absent); each host's agent (agent.ts) sees them through the watch and runs its share.
 */
export class ServiceManager implements ServicesHook {
  constructor(
    private readonly ctx: EngineContext,
    private readonly store: ClusterStore,
    private readonly sync: ClusterSync,
    private readonly cluster: ClusterService,
    private readonly agent: ServiceAgent,
  ) {}

  private get view() {
    return this.sync.view;
  }

  private find(ref: string): ServiceRecord {
    return findService([...this.view.services.values()], ref);
  }

  private info(rec: ServiceRecord): ServiceInfo {
    return serviceInfo(this.view, rec, this.agent.errors);
  }

  async ls(): Promise<ServiceInfo[]> {
    return [...this.view.services.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => this.info(r));
  }

  async inspect(ref: string): Promise<ServiceInfo> {
    return this.info(this.find(ref));
  }

  async ps(ref: string): Promise<ServiceReplica[]> {
    return this.info(this.find(ref)).tasks;
  }

  /** Every check before anything is claimed, in Docker's words where swarm has them. */
  private async check(p: ServiceCreateParams): Promise<NetworkRecord[]> {
    const seen = new Set<string>();
    for (const port of p.ports) {
      if (p.endpointMode === 'dnsrr' && port.mode === 'ingress')
        throw EngineError.invalid(DNSRR_INGRESS_CLASH);
      const k = `${port.protocol}/${port.published}`;
      if (seen.has(k)) throw EngineError.invalid('EndpointSpec: duplicate published ports provided');
      seen.add(k);
    }
    if (new Set(p.networks).size !== p.networks.length)
      throw EngineError.invalid('service networks must be unique: a network is named twice');
    await knownNetworks(this.ctx, p.networks);
    const nets = p.networks.map((ref) => findNetwork(this.ctx.store.state, ref));
    for (const n of nets) {
      if (n.labels[INGRESS_LABEL] === 'true')
        throw EngineError.invalid(`Service cannot be explicitly attached to the ingress network "${n.name}"`);
      if (n.scope !== 'global' || n.driver !== 'overlay')
        throw EngineError.invalid(
          `network ${n.name} is a ${n.scope} ${n.driver} network: a service's replicas run on every host of the ` +
            'cluster, so its networks must be overlay networks (network create -d overlay)',
        );
    }
    const existing = [...this.view.services.values()].find((s) => s.name === p.name);
    if (existing)
      throw EngineError.conflict(`name conflicts with an existing object: service ${p.name} already exists`);
    for (const other of this.view.services.values())
      for (const theirs of other.spec.ports)
        for (const mine of p.ports) {
          if (theirs.published !== mine.published || theirs.protocol !== mine.protocol) continue;
          if (theirs.mode === 'ingress' || mine.mode === 'ingress')
            throw EngineError.conflict(
              `port '${mine.published}' is already in use by service '${other.name}' (${other.id.slice(0, 25)}) as ` +
                (theirs.mode === 'ingress' ? 'an ingress port' : 'a host-published port'),
            );
        }
    return nets;
  }

  /** The routing mesh's overlay: made on first need, by whichever host gets there first. */
  private async ingressNetwork(): Promise<NetworkRecord> {
    const mark = (n: NetworkRecord) => n.scope === 'global' && n.labels[INGRESS_LABEL] === 'true';
    const here = () => this.ctx.store.state.networks.find(mark);
    const found = here();
    if (found) return found;
    await knownNetworks(this.ctx, [INGRESS_NETWORK]);
    if (here()) return here() as NetworkRecord;
    try {
      return await createNetwork(
        this.ctx,
        NetworkCreateParamsSchema.parse({
          name: INGRESS_NETWORK,
          driver: 'overlay',
          attachable: false,
          ipam: [{ subnet: INGRESS_SUBNET }],
          labels: { [INGRESS_LABEL]: 'true' },
        }),
      );
    } catch (e) {
      // Another host made it a moment ago: use theirs.
      await knownNetworks(this.ctx, [INGRESS_NETWORK]);
      const n = here();
      if (n) return n;
      throw e;
    }
  }

  private candidates() {
    return [...this.view.hosts.values()].map((h) => ({ address: h.address, name: h.name }));
  }

  /** Replicas per host across every service: the scheduler's tie-break. */
  load(): Map<string, number> {
    const load = new Map<string, number>();
    for (const slots of this.view.tasks.values())
      for (const t of slots.values()) if (t.host) load.set(t.host, (load.get(t.host) ?? 0) + 1);
    return load;
  }

  placeSlots(rec: ServiceRecord, slots: number[], placed: TaskRow[]): TaskRow[] {
    return place(slots, this.candidates(), placed, this.load(), {
      constraints: rec.spec.constraints,
      hostPorts: rec.spec.ports.some((p) => p.mode === 'host'),
    });
  }

  async create(p: ServiceCreateParams): Promise<ServiceInfo> {
    const nets = await this.check(p);
    const needsIngress = p.ports.some((x) => x.mode === 'ingress');
    const ingress = needsIngress ? await this.ingressNetwork() : undefined;
    const id = newId();
    const claimed: { net: NetworkRecord; ip: string }[] = [];
    const release = () => Promise.all(claimed.map((c) => this.cluster.releaseAddress(c.net, c.ip)));
    try {
      const networks: ServiceRecord['networks'] = [];
      for (const n of nets) {
        const vip =
          p.endpointMode === 'vip'
            ? await this.cluster.claimVip(n, VIP_OWNER, vipClaimEndpoint(id))
            : undefined;
        if (vip) claimed.push({ net: n, ip: vip });
        networks.push({ id: n.id, name: n.name, vip, ingress: false });
      }
      if (ingress) networks.push({ id: ingress.id, name: ingress.name, ingress: true });
      const rec: ServiceRecord = { id, name: p.name, created: new Date().toISOString(), spec: p, networks };
      const tasks = this.placeSlots(
        rec,
        Array.from({ length: p.replicas }, (_, i) => i + 1),
        [],
      );
      const ingressPorts = p.ports.filter((x) => x.mode === 'ingress');
      const claims = [
        svcKeys.name(p.name),
        ...ingressPorts.map((x) => svcKeys.port(x.protocol, x.published)),
      ];
      const res = await this.store.call((c) => {
        let txn = c.if(claims[0] as string, 'Create', '==', 0);
        for (const k of claims.slice(1)) txn = txn.and(k, 'Create', '==', 0);
        return txn
          .then(
            ...claims.map((k) => c.put(k).value(id)),
            c.put(svcKeys.service(id)).value(JSON.stringify(rec)),
          )
          .else(...claims.map((k) => c.get(k)))
          .commit();
      });
      if (!res.succeeded) {
        const owners = res.responses.map((r) => r.response_range?.kvs?.[0]?.value?.toString());
        if (owners[0])
          throw EngineError.conflict(
            `name conflicts with an existing object: service ${p.name} already exists`,
          );
        const i = owners.slice(1).findIndex(Boolean);
        const other = this.view.services.get(owners[i + 1] as string);
        throw EngineError.conflict(
          `port '${ingressPorts[i]?.published}' is already in use by service '${other?.name ?? '?'}' ` +
            `(${(owners[i + 1] ?? '').slice(0, 25)}) as an ingress port`,
        );
      }
      await this.writeTasks(id, tasks, []).catch(async (e: unknown) => {
        await this.dropKeys(rec).catch(() => undefined);
        throw e;
      });
      this.learn(rec, tasks);
      this.ctx.log.info('service created', {
        service: p.name,
        id,
        replicas: p.replicas,
        mode: p.endpointMode,
      });
      this.ctx.events.emit({ type: 'service', action: 'create', id, name: p.name });
      return this.info(rec);
    } catch (e) {
      await release().catch(() => undefined);
      throw e;
    }
  }

  /** What this host just wrote, applied at once (the watch brings it again a moment later). */
  private learn(rec: ServiceRecord | undefined, tasks: TaskRow[], gone: number[] = [], id = rec?.id) {
    const d = emptyDirty();
    if (rec) this.view.apply(svcKeys.service(rec.id), JSON.stringify(rec), d);
    for (const t of tasks) this.view.apply(svcKeys.task(id as string, t.slot), JSON.stringify(t), d);
    for (const s of gone) this.view.apply(svcKeys.task(id as string, s), undefined, d);
    this.agent.changed();
  }

  /**
   * Placements, in transactions of at most TXN_OPS operations (etcd refuses more than 128 in one), each only
   * while the service exists; `record` (a scale's new record) goes in the first, and its `missing` is the
   * error when the service is gone by then. Not atomic as a whole: a scale that fails half-way is repaired by
   * scaling again.
   */
  private async writeTasks(
    id: string,
    put: TaskRow[],
    del: number[],
    record?: { rec: ServiceRecord; missing: string },
  ): Promise<void> {
    const ops = [
      ...(record ? [{ rec: record.rec }] : []),
      ...put.map((t) => ({ t })),
      ...del.map((slot) => ({ slot })),
    ];
    for (let i = 0; i < ops.length; i += TXN_OPS) {
      const chunk = ops.slice(i, i + TXN_OPS);
      const res = await this.store.call((c) =>
        c
          .if(svcKeys.service(id), 'Create', '>', 0)
          .then(
            ...chunk.map((o) =>
              'rec' in o
                ? c.put(svcKeys.service(id)).value(JSON.stringify(o.rec))
                : 't' in o
                  ? c.put(svcKeys.task(id, o.t.slot)).value(JSON.stringify(o.t))
                  : c.delete().key(svcKeys.task(id, o.slot)),
            ),
          )
          .commit(),
      );
      if (!res.succeeded)
        throw EngineError.notFound(
          i === 0 && record ? record.missing : `service ${id} was removed meanwhile`,
        );
    }
  }

  /** Everything the service holds in etcd, in one transaction (its replicas' rows go with their sandboxes). */
  private async dropKeys(rec: ServiceRecord): Promise<void> {
    const vips = rec.networks.flatMap((n) => (n.vip ? [keys.ip(n.id, n.vip)] : []));
    const ports = rec.spec.ports
      .filter((p) => p.mode === 'ingress')
      .map((p) => svcKeys.port(p.protocol, p.published));
    await this.store.call((c) =>
      c
        .if(svcKeys.service(rec.id), 'Create', '>', 0)
        .then(
          c.delete().key(svcKeys.service(rec.id)),
          c.delete().key(svcKeys.name(rec.name)),
          c.delete().prefix(svcKeys.tasks(rec.id)),
          ...ports.map((k) => c.delete().key(k)),
          ...vips.map((k) => c.delete().key(k)),
        )
        .commit(),
    );
  }

  async scale(ref: string, replicas: number): Promise<ServiceInfo> {
    const rec = this.find(ref);
    const have = [...(this.view.tasks.get(rec.id)?.values() ?? [])];
    const keep = have.filter((t) => t.slot <= replicas);
    const gone = have.filter((t) => t.slot > replicas).map((t) => t.slot);
    const missing = Array.from({ length: replicas }, (_, i) => i + 1).filter(
      (s) => !keep.some((t) => t.slot === s),
    );
    const added = this.placeSlots(rec, missing, keep);
    const next: ServiceRecord = { ...rec, spec: { ...rec.spec, replicas } };
    // The record and the placements in one transaction (one store round trip before the placed hosts start:
    // 20-30 ms of a scale's path on a busy host), and every host sees both in one revision.
    await this.writeTasks(rec.id, added, gone, { rec: next, missing: `service ${ref} not found` });
    this.learn(next, added, gone);
    this.ctx.log.info('service scaled', { service: rec.name, from: rec.spec.replicas, to: replicas });
    this.ctx.events.emit({ type: 'service', action: 'update', id: rec.id, name: rec.name });
    return this.info(next);
  }

  async rm(ref: string): Promise<string> {
    const rec = this.find(ref);
    await this.dropKeys(rec);
    const d = emptyDirty();
    this.view.apply(svcKeys.service(rec.id), undefined, d);
    this.view.tasks.delete(rec.id);
    this.agent.changed();
    this.ctx.log.info('service removed', { service: rec.name, id: rec.id });
    this.ctx.events.emit({ type: 'service', action: 'remove', id: rec.id, name: rec.name });
    return rec.name;
  }

  usingNetwork(networkId: string): string | undefined {
    return [...this.view.services.values()].find((s) => s.networks.some((n) => n.id === networkId))?.name;
  }

  /** DNS: a VIP-mode service's name (and aliases) on a network resolve to its VIP there. */
  vipEndpoints(networkId: string) {
    return [...this.view.services.values()].flatMap((rec) =>
      rec.networks
        .filter((n) => n.id === networkId && n.vip)
        .map((n) => ({
          sandbox: `service:${rec.id}`,
          name: rec.name,
          aliases: rec.spec.aliases,
          ipv4: n.vip,
        })),
    );
  }
}
