import type { OverlayPeer } from '@switchyard/protocol';
import type { OverlayDriver } from '../drivers/overlay';
import { endpointsOf } from '../model/lookup';
import type { NetworkRecord } from '../model/types';
import type { EngineContext } from '../engine-context';
import type { ClusterStore } from './store';
import type { ClusterSync } from './sync';

/**
 * `network inspect`'s Peers: per other host with endpoints on the network, its lease age, the FDB and
 * neighbour entries expected (from the store) and programmed (from the kernel), and a probe over the
 * overlay from a local endpoint to one of that host's: reachable over UDP 4789 or not, and the largest
 * don't-fragment payload that crosses.
 */
export async function overlayPeers(
  ctx: EngineContext,
  store: ClusterStore,
  sync: ClusterSync,
  driver: OverlayDriver,
  net: NetworkRecord,
): Promise<OverlayPeer[]> {
  const me = store.cfg.advertiseAddr;
  const rows = sync.view.rowsOf(net.id).filter((r) => r.vtep !== me);
  const byHost = new Map<string, typeof rows>();
  for (const r of rows) byHost.set(r.vtep, [...(byHost.get(r.vtep) ?? []), r]);
  const kernel = await driver.kernelEntries(net);
  const local = endpointsOf(ctx.store.state, net.id).find((e) => e.ipv4);
  const sb = local && ctx.store.state.sandboxes.find((s) => s.id === local.sandboxId);
  const peers: OverlayPeer[] = [];
  for (const [vtep, eps] of byHost) {
    const host = sync.view.hosts.get(vtep);
    const macs = new Set(eps.map((e) => e.mac));
    // One neighbour entry per address: IPv4 and, on a dual-stack network, IPv6.
    const ips = new Set(eps.flatMap((e) => [e.ipv4, e.ipv6].filter((a): a is string => !!a)));
    const target = eps.find((e) => e.ipv4)?.ipv4;
    peers.push({
      Name: host?.name ?? vtep,
      IP: vtep,
      LeaseAgeS: host ? Math.round((Date.now() - Date.parse(host.started)) / 100) / 10 : undefined,
      Endpoints: eps.length,
      FdbExpected: macs.size,
      FdbProgrammed: kernel.fdb.filter((f) => f.dst === vtep && macs.has(f.mac)).length,
      NeighExpected: ips.size,
      NeighProgrammed: kernel.neigh.filter((n) => ips.has(n.ip)).length,
      Probe:
        sb && target ? await probe(ctx, sb.netns, target, net.mtu, vtep) : 'no local endpoint to probe from',
    });
  }
  return peers;
}

async function pingDf(ctx: EngineContext, netns: string, ip: string, size: number): Promise<boolean> {
  const r = await ctx.runner.run({
    argv: ['ping', '-n', '-q', '-c', '1', '-W', '1', '-M', 'do', '-s', String(size), ip],
    netns,
    timeoutMs: 3_000,
  });
  return r.exitCode === 0;
}

/** A small ping, then the full size, then a binary search (at most 11 more pings) when that fails. */
async function probe(
  ctx: EngineContext,
  netns: string,
  ip: string,
  mtu: number,
  vtep: string,
): Promise<string> {
  if (!(await pingDf(ctx, netns, ip, 56)))
    return `unreachable: no reply from ${ip} over UDP 4789 to ${vtep} (check the underlay and firewalls on both hosts)`;
  const full = mtu - 28;
  if (await pingDf(ctx, netns, ip, full))
    return `reachable over UDP 4789; largest DF payload that crosses: ${full} (MTU ${mtu})`;
  let lo = 56;
  let hi = full;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await pingDf(ctx, netns, ip, mid)) lo = mid;
    else hi = mid;
  }
  return (
    `reachable over UDP 4789, but only DF payloads up to ${lo} cross (MTU ${mtu} expects ${full}): the path to ` +
    `${vtep} has a smaller MTU (${lo + 28 + 50}?) than the overlay assumes; lower com.docker.network.driver.mtu`
  );
}
