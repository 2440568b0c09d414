import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogLevel } from '@switchyard/protocol';
import type { ClusterConfig } from './cluster/config';
import { startCluster } from './cluster-start';
import { ENGINE_VERSION } from './daemon/handlers';
import { DnsService } from './discovery/service';
import { DriverRegistry } from './drivers/registry';
import { LocalRunner } from './exec/local-runner';
import { SpawnThreads } from './exec/spawn-thread';
import { Firewall } from './firewall/firewall';
import { Events } from './log/events';
import { Logger } from './log/logger';
import { Naming } from './model/names';
import { ensurePredefined } from './ops/bootstrap';
import type { EngineContext } from './engine-context';
import { firewallModel } from './ops/fw-model';
import { reconcile } from './ops/reconcile';
import { SparePool } from './ops/spare-netns';
import { describeFeatures } from './kernel/features';
import { probeKernel } from './kernel/probe';
import { lockDaemon } from './daemon/lock';
import { listen } from './daemon/server';
import { onProxyLimit } from './ports/proxy';
import { Store } from './store/store';

export interface DaemonOptions {
  stateDir: string;
  socket: string;
  prefix: string;
  upstreamDns: string[];
  logLevel: LogLevel;
  /** How often the firewall is checked for drift (flushed table, dockerd (re)started). */
  driftCheckMs?: number;
  /** `--cluster-store …`: global-scope (overlay) networks shared through etcd; absent = single host. */
  cluster?: ClusterConfig;
}

/** Wiring only: build the context, restore, reconcile, serve. */
export async function runDaemon(o: DaemonOptions): Promise<void> {
  await mkdir(o.stateDir, { recursive: true, mode: 0o700 });
  // One daemon per state dir and per prefix, before anything is read or touched (reconcile deletes every
  // object of the prefix that its store does not list). Held until the process ends.
  const locks = lockDaemon(o.stateDir, o.prefix);
  const log = new Logger(o.logLevel, join(o.stateDir, 'engine.log'));
  const naming = new Naming(o.prefix);
  // Processes are forked from two threads, so spawns never stall the event loop (store, DNS, RPC); the
  // threads also keep the `ip` sessions that answer most kernel changes without a process.
  const runner = new LocalRunner(
    (cmd, r, ms, forkMs, reused) =>
      log.debug('exec', {
        argv: cmd.argv.slice(0, 6),
        exit: r.exitCode,
        ms: Math.round(ms * 10) / 10,
        forkMs: Math.round(forkMs * 10) / 10,
        ...(reused ? { reused } : {}),
      }),
    new SpawnThreads(2),
  );
  onProxyLimit((msg, fields) => log.warn(msg, fields));
  const ctx: EngineContext = {
    runner,
    store: await Store.open(o.stateDir),
    naming,
    drivers: new DriverRegistry(runner, naming),
    firewall: new Firewall(runner, naming.table),
    log,
    events: new Events(),
    ports: new Map(),
    broken: new Map(),
    captureDir: join(o.stateDir, 'captures'),
  };
  // Before reconcile: the probe's throwaway namespace carries our prefix, and nothing else runs yet.
  ctx.kernel = await probeKernel(runner, naming.prefix);
  ctx.drivers.useKernel(ctx.kernel);
  log.info('kernel features', { release: ctx.kernel.release, features: describeFeatures(ctx.kernel) });
  const dns = await DnsService.start(ctx.store, runner, log, o.upstreamDns);
  dns.broken = ctx.broken ?? dns.broken;
  ctx.dns = dns;
  // Before reconcile: the overlay driver re-creates this host's VXLAN devices, which needs the underlay.
  const cluster = await startCluster(ctx, o.cluster, ENGINE_VERSION, o.stateDir);
  const started = performance.now();
  const report = await reconcile(ctx).catch((e: unknown) => {
    log.fatal('could not reconcile store and kernel', { error: String((e as Error)?.stack ?? e) });
    throw e;
  });
  await ensurePredefined(ctx);
  log.info('reconciled store and kernel', { ...report, ms: Math.round(performance.now() - started) });
  // After reconcile (which deletes every namespace of ours without a record): one namespace made in advance
  // for the next sandbox (ops/spare-netns.ts), deleted at stop.
  const spare = new SparePool(ctx);
  ctx.spare = spare;
  await spare.keep(true);
  cluster?.begin();
  const server = await listen(ctx, o.socket);
  log.info('engine listening', {
    socket: o.socket,
    prefix: o.prefix,
    pid: process.pid,
    upstreamDns: o.upstreamDns,
  });
  const drift = setInterval(() => {
    ctx.firewall
      .checkDrift(() => firewallModel(ctx.store.state, naming, ctx.mesh?.()))
      .then((fixed) => fixed && log.warn('firewall drift repaired (table flushed or dockerd restarted)'))
      .catch((e) => log.error('firewall drift check failed', { error: String(e) }));
  }, o.driftCheckMs ?? 10_000);
  drift.unref();
  const stop = (signal: string) => {
    log.info('engine stopping', { signal });
    server.close();
    // The agent first (a replica being made may take the spare), then the spare.
    void (cluster?.close() ?? Promise.resolve())
      .catch((e: unknown) => log.error('could not stop the cluster cleanly', { error: String(e) }))
      .then(() => spare.close())
      .finally(() => {
        for (const l of locks) l.releaseAndRemove();
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
