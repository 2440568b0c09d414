import { join } from 'node:path';
import { listAddrs } from './exec/ip';
import type { Underlay } from './drivers/overlay';
import { OverlayDriver } from './drivers/overlay';
import { OverlayBypass } from './drivers/overlay-bypass';
import type { EngineContext } from './engine-context';
import type { ClusterConfig } from './cluster/config';
import { ServiceAgent } from './services/agent';
import { ServiceManager } from './services/manager';
import { ClusterService } from './cluster/service';
import { LEASE_FILE } from './cluster/lease';
import { ClusterStore } from './cluster/store';
import { ClusterSync } from './cluster/sync';

/** The link that holds the advertise address, and its MTU (the VXLAN devices are bound to it). */
async function findUnderlay(
  ctx: EngineContext,
  address: string,
): Promise<(Underlay & { mtu: number }) | undefined> {
  const link = (await listAddrs(ctx.runner)).find((l) => l.addr_info.some((a) => a.local === address));
  return link ? { address, device: link.ifname, mtu: link.mtu ?? 1500 } : undefined;
}

/** The running cluster part of a daemon: what `daemon.ts` wires in and closes. */
export interface Cluster {
  store: ClusterStore;
  sync: ClusterSync;
  /** Registers and syncs; called once the local store and kernel are reconciled. */
  begin(): void;
  close(): Promise<void>;
}

/**
 * Joins the cluster: registers the overlay driver (always, so `-d overlay` without a store says why it
 * cannot), checks the advertise address is on this host, resumes the previous run's lease when etcd still
 * holds it (its id is kept in `stateDir`) or is granted one, resyncs, and resyncs
 * again whenever the lease is renewed or the store comes back. Returns before the store answers: a host
 * whose store is down still serves its local networks.
 */
export async function startCluster(
  ctx: EngineContext,
  cfg: ClusterConfig | undefined,
  engineVersion: string,
  stateDir?: string,
): Promise<Cluster | undefined> {
  // Found below, once the flags are known; the driver asks for it at every network create.
  const found: { underlay?: Underlay & { mtu: number } } = {};
  const driver = new OverlayDriver(
    ctx.runner,
    () => found.underlay,
    (id) => ctx.naming.vxlan(id),
    new OverlayBypass(
      ctx.runner,
      (id) => ctx.naming.bypassTable(id),
      (msg, fields) => ctx.log.warn(msg, fields),
    ),
  );
  ctx.drivers.register(driver);
  if (ctx.kernel) driver.useKernel(ctx.kernel);
  if (!cfg) return undefined;
  if (driver.bypass?.unavailable)
    ctx.log.warn('overlay bridge bypass off: frames to other hosts cross the host bridge', {
      why: driver.bypass.unavailable,
    });
  const underlay = await findUnderlay(ctx, cfg.advertiseAddr);
  found.underlay = underlay;
  if (!underlay)
    throw new Error(
      `--advertise-addr ${cfg.advertiseAddr} is not an address of this host: give the address peers reach this host at on the underlay`,
    );
  const started = new Date().toISOString();
  const store = new ClusterStore(
    cfg,
    ctx.log,
    () => ({
      name: cfg.nodeName,
      address: cfg.advertiseAddr,
      engineVersion,
      started,
      underlayMtu: underlay.mtu,
    }),
    stateDir && join(stateDir, LEASE_FILE),
  );
  // The previous run's lease, kept alive from now on if etcd still holds it: the reconcile that follows
  // can take longer than the TTL, and the rows under that lease must not expire meanwhile.
  store.resumeEarly();
  const sync = new ClusterSync(ctx, store, driver, cfg.advertiseAddr);
  const service = new ClusterService(ctx, store, sync, driver, () => underlay.mtu);
  ctx.cluster = service;
  const agent = new ServiceAgent(ctx, store, sync);
  const services = new ServiceManager(ctx, store, sync, service, agent);
  agent.manager = services;
  ctx.services = services;
  sync.onChange = () => agent.changed();
  const dns = ctx.dns as { remote?: unknown } | undefined;
  if (dns) dns.remote = (id: string) => [...service.remoteEndpoints(id), ...services.vipEndpoints(id)];
  store.on('registered', () => void sync.resync());
  store.on('up', () => void sync.resync());
  return {
    store,
    sync,
    begin: () => void store.start(),
    async close() {
      await agent.close();
      await sync.close();
      await store.close();
    },
  };
}
