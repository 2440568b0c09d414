import { listAddrs, listLinks, listNetns } from '../exec/ip';
import { nftApply } from '../exec/nft';
import { LEGACY_DNS_TABLE } from '../sandbox/dns-route';
import { ipBatchForce, ipLine } from '../exec/ip';
import { sandboxEndpoints } from '../model/lookup';
import type { SandboxRecord } from '../model/types';
import { reservePorts } from '../ports/reserve';
import { listSandboxFileDirs, removeSandboxFiles } from '../sandbox/files';
import { createNetns } from '../sandbox/netns';
import { hostLinksOf, networkLinksOf } from '../drivers/driver';
import { publishingEndpoint } from './fw-model';
import { teardown } from './sandbox-ops';
import type { EngineContext } from '../engine-context';
import { gatewayEndpoint, refreshFiles } from './endpoint-ops';
import { syncFirewall } from './network-ops';
import { syncHostForwarding } from './host-forwarding';

export interface ReconcileReport {
  removedLinks: string[];
  removedNetns: string[];
  recreatedNetworks: string[];
  recreatedSandboxes: string[];
  rejoined: string[];
  rolledBack: string[];
  /** `network/NAME` or `sandbox/NAME`: could not be repaired (reason in ctx.broken and the log). */
  broken: string[];
}

/**
 * Runs one object's repair; a failure marks that object broken (shown by ls/inspect, `rm` still works)
 * and is logged with its reason, instead of stopping the repair of every other object and the daemon.
 */
async function repairOne(
  ctx: EngineContext,
  report: ReconcileReport,
  kind: 'network' | 'sandbox',
  obj: { id: string; name: string },
  repair: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await repair();
    return true;
  } catch (e) {
    const reason = String((e as Error)?.message ?? e);
    ctx.broken?.set(obj.id, reason);
    report.broken.push(`${kind}/${obj.name}`);
    ctx.log.error(`could not repair ${kind} at start; it is marked broken (rm still works)`, {
      [kind]: obj.name,
      id: obj.id,
      error: reason,
    });
    return false;
  }
}

/**
 * Makes the kernel match the store, at start: removes our links, namespaces and files that no record
 * explains (leaks of a kill -9), re-creates what records say should exist, re-binds held ports and
 * re-applies the whole firewall table. Only objects carrying our prefix are ever touched.
 */
export async function reconcile(ctx: EngineContext): Promise<ReconcileReport> {
  const s = ctx.store.state;
  // A create that never finished was never acknowledged: roll it back rather than guess how it ended.
  const unfinished = s.sandboxes.filter((x) => x.status === 'creating');
  const report: ReconcileReport = {
    removedLinks: [],
    removedNetns: [],
    recreatedNetworks: [],
    recreatedSandboxes: [],
    rejoined: [],
    rolledBack: [],
    broken: [],
  };
  for (const sb of unfinished)
    if (await repairOne(ctx, report, 'sandbox', sb, () => teardown(ctx, sb))) report.rolledBack.push(sb.name);
  const links = await listLinks(ctx.runner);
  const driverOf = (networkId: string) => {
    const net = s.networks.find((n) => n.id === networkId);
    return net ? ctx.drivers.get(net.driver) : undefined;
  };
  const wantLinks = new Set([
    ...s.networks.flatMap((n) => networkLinksOf(ctx.drivers.get(n.driver), n)),
    ...s.endpoints.flatMap((e) => {
      const d = driverOf(e.networkId);
      return d ? hostLinksOf(d, e) : [e.hostIfname];
    }),
  ]);
  report.removedLinks = links
    .map((l) => l.ifname)
    .filter((n) => ctx.naming.isOurLink(n) && !wantLinks.has(n));

  const wantNs = new Set(
    s.sandboxes.filter((x) => x.mode === 'netns' || x.mode === 'none').map((x) => x.netns),
  );
  const namespaces = await listNetns(ctx.runner);
  report.removedNetns = namespaces.filter((n) => ctx.naming.isOurNetns(n) && !wantNs.has(n));
  await ctx.runner.run(
    ipBatchForce([
      ...report.removedLinks.map((l) => ipLine`link del ${l}`),
      ...report.removedNetns.map((n) => ipLine`netns del ${n}`),
    ]),
  );
  const etc = await listSandboxFileDirs(ctx.runner);
  await Promise.all(
    etc
      .filter((n) => ctx.naming.isOurNetns(n) && !wantNs.has(n))
      .map((n) => removeSandboxFiles(ctx.runner, n)),
  );

  const present = new Set(links.map((l) => l.ifname));
  for (const net of s.networks) {
    const driver = ctx.drivers.get(net.driver);
    if (networkLinksOf(driver, net).every((l) => present.has(l))) continue;
    const ok = await repairOne(ctx, report, 'network', net, async () => {
      // A half-present overlay (its bridge without its VXLAN device) is taken down first, then made whole.
      if (net.driver === 'overlay' && net.device && present.has(net.device)) await driver.deleteNetwork(net);
      await driver.createNetwork(net);
    });
    if (ok) report.recreatedNetworks.push(net.name);
  }
  const existingNs = new Set(namespaces);
  for (const sb of s.sandboxes) {
    if (sb.mode !== 'netns' && sb.mode !== 'none') continue;
    await repairOne(ctx, report, 'sandbox', sb, async () => {
      if (!existingNs.has(sb.netns)) {
        await createNetns(ctx.runner, sb.netns);
        report.recreatedSandboxes.push(sb.name);
      }
      await rejoinMissing(ctx, sb, present, report);
      await refreshFiles(ctx, sb);
    });
  }
  await rebindPorts(ctx);
  // After a reboot the host's sysctls are back to its own values; the records say what they were.
  await syncHostForwarding(ctx);
  await ctx.store.save();
  ctx.firewall.invalidate();
  await syncFirewall(ctx);
  // A broken network's gateway is not configured: its listener fails, the others serve (error logged).
  await ctx.dns?.changed().catch(() => undefined);
  await redirectAll(ctx);
  return report;
}

/** An endpoint is whole when its host veth exists and its address is inside the namespace. */
async function rejoinMissing(
  ctx: EngineContext,
  sb: SandboxRecord,
  hostLinks: Set<string>,
  report: ReconcileReport,
) {
  const s = ctx.store.state;
  const eps = sandboxEndpoints(s, sb.id);
  if (eps.length === 0) return;
  const addrs = await listAddrs(ctx.runner, sb.netns).catch(() => []);
  const gw = gatewayEndpoint(ctx, sb.id);
  for (const ep of eps) {
    const inside = addrs.find((a) => a.ifname === ep.ifname);
    const net = s.networks.find((n) => n.id === ep.networkId);
    if (!net) continue;
    const driver = ctx.drivers.get(net.driver);
    const own = hostLinksOf(driver, ep);
    const whole =
      own.every((l) => hostLinks.has(l)) &&
      inside !== undefined &&
      (!ep.ipv4 || inside.addr_info.some((i) => i.local === ep.ipv4));
    if (whole) continue;
    if (own.length > 0) await ctx.runner.run(ipBatchForce(own.map((l) => ipLine`link del ${l}`)));
    await ctx.runner.run(ipBatchForce([ipLine`link del ${ep.ifname}`], sb.netns));
    // A failure here marks the whole sandbox broken (repairOne, above); the other sandboxes go on.
    await driver.join(net, ep, sb, { defaultRoute: gw?.id === ep.id });
    report.rejoined.push(`${sb.name}/${net.name}`);
  }
}

async function rebindPorts(ctx: EngineContext): Promise<void> {
  for (const sb of ctx.store.state.sandboxes) {
    if (sb.ports.length === 0 || ctx.ports.has(sb.id)) continue;
    const reqs = sb.ports.map((p) => ({ ...p, hostPortStart: p.hostPort, hostPortEnd: p.hostPort }));
    try {
      const target = () => publishingEndpoint(ctx.store.state, sb.id);
      ctx.ports.set(sb.id, await reservePorts(reqs, new Set(), target));
    } catch (e) {
      ctx.log.error('could not re-reserve published ports', {
        sandbox: sb.name,
        error: String((e as Error).message),
      });
    }
  }
}

/**
 * Every sandbox's 127.0.0.11 redirect, a few namespaces at a time (the DNS service starts with none known),
 * after the DNAT table an older engine kept in each sandbox is gone (its nat hooks cost every packet).
 */
async function redirectAll(ctx: EngineContext): Promise<void> {
  const dns = ctx.dns;
  if (!dns) return;
  const list = ctx.store.state.sandboxes.filter((x) => x.mode === 'netns');
  for (let i = 0; i < list.length; i += 8) {
    const chunk = list.slice(i, i + 8).map(async (sb) => {
      await ctx.runner.run(nftApply(LEGACY_DNS_TABLE, sb.netns));
      await dns
        .redirect(sb)
        .catch((e) => ctx.log.warn('dns redirect failed', { sandbox: sb.name, error: String(e) }));
    });
    await Promise.all(chunk);
  }
}
