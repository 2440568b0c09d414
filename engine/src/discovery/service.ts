import type { DnsServer, ScopedResolver } from '../dns';
import { createScopedResolver, startDnsServer } from '../dns';
import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { ipBatch, ipBatchForce } from '../exec/ip';
import { sysctlWrite } from '../exec/sysctl';
import type { Logger } from '../log/logger';
import type { DnsHook } from '../engine-context';
import type { InsideLines } from '../drivers/driver';
import type { Store } from '../store/store';
import type { SandboxRecord } from '../model/types';
import type { DnsTarget } from '../sandbox/dns-route';
import { GUARD_LINES, dnsRouteLines, guardErrors } from '../sandbox/dns-route';
import type { RemoteEndpoints } from './view';
import { openSandboxDnsSockets } from './netns-socket';
import { dnsListenAddresses, dnsTarget, dnsView, insideDnsClient } from './view';

const LOCALNET = (netns: string) => sysctlWrite('net/ipv4/conf/all/route_localnet', '1', netns);
const routeKey = (t: DnsTarget | undefined) => (t ? `${t.gateway} ${t.ifname} ${t.address}` : undefined);

/**
 * Wires the embedded DNS server (engine/src/dns) to the store: one listener per gateway of a network with
 * name resolution, the resolver's view refreshed on every change, and each sandbox's 127.0.0.11 pointed
 * at the right gateway.
 */
export class DnsService implements DnsHook {
  /** The 127.0.0.11 route each sandbox has (gateway, interface, source), as last set. */
  private readonly targets = new Map<string, string | undefined>();
  /** Sandboxes whose namespace already has route_localnet on and the loopback guard (sandbox/dns-route.ts). */
  private readonly localnet = new Set<string>();
  /** Sandboxes answered inside their own namespace (macvlan/ipvlan), with the address they count as. */
  private readonly inside = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  /** Set when the daemon is in a cluster: endpoints of other hosts on global networks. */
  remote?: RemoteEndpoints;
  /** Networks the start-up repair could not fix (ctx.broken): their gateway is not there to listen on. */
  broken: ReadonlyMap<string, string> = new Map();

  private constructor(
    private readonly server: DnsServer,
    private readonly resolver: ScopedResolver,
    private readonly store: Store,
    private readonly runner: Runner,
    private readonly log: Logger,
    private readonly port: number,
  ) {}

  static async start(
    store: Store,
    runner: Runner,
    log: Logger,
    upstreams: string[],
    port = 53,
  ): Promise<DnsService> {
    const resolver = createScopedResolver(dnsView(store.state));
    // The per-query log line is on only when the daemon logs debug; checked once here, not per query.
    const server = await startDnsServer({ resolver, upstreams, log, logQueries: log.enabled('debug') });
    return new DnsService(server, resolver, store, runner, log, port);
  }

  /** Serialised so listener changes never race each other. */
  changed(): Promise<void> {
    const run = this.queue.then(() => this.apply());
    this.queue = run.catch((e) => this.log.error('dns update failed', { error: String(e) }));
    return run;
  }

  private async apply(): Promise<void> {
    const s = this.store.state;
    this.resolver.update(dnsView(s, this.remote));
    const whole =
      this.broken.size === 0 ? s : { ...s, networks: s.networks.filter((n) => !this.broken.has(n.id)) };
    const want = new Set(dnsListenAddresses(whole));
    for (const l of this.server.listeners()) if (!want.has(l.address)) await this.server.removeListener(l);
    const have = new Set(this.server.listeners().map((l) => l.address));
    // One listener that cannot bind (a network whose bridge is broken) does not keep the others away.
    const failed: unknown[] = [];
    for (const address of want)
      if (!have.has(address))
        await this.server.addListener({ address, port: this.port }).catch((e: unknown) => failed.push(e));
    for (const id of new Set([...this.targets.keys(), ...this.localnet]))
      if (!s.sandboxes.some((x) => x.id === id)) {
        this.targets.delete(id);
        this.localnet.delete(id);
      }
    for (const id of this.inside.keys())
      if (!s.sandboxes.some((x) => x.id === id)) {
        this.inside.delete(id);
        await this.server.dropSockets(id);
      }
    if (failed.length > 0) throw failed[0];
  }

  /**
   * Points the sandbox's 127.0.0.11 at its first DNS network's gateway: a route in its namespace (no
   * netfilter there; the host DNATs the query, firewall/render.ts). The interface must exist with its
   * address, so a join calls `prepare` beside its addressing and this after it.
   */
  async redirect(sb: SandboxRecord): Promise<void> {
    if (sb.mode !== 'netns') return;
    const target = dnsTarget(this.store.state, sb.id);
    const client = insideDnsClient(this.store.state, sb.id);
    const key = routeKey(target);
    if (target === undefined && client !== undefined && this.targets.get(sb.id)) {
      // Its bridge went and macvlan remains: the route (gone with the veth, or going) must not stay and
      // keep 127.0.0.11 from being an address of the namespace, where the sockets are bound next.
      await this.runner.run(ipBatchForce(dnsRouteLines(undefined), sb.netns));
      this.targets.set(sb.id, undefined);
    }
    await this.answerInside(sb, client);
    // No DNS network left: nothing to do (the route went with the interface it used), and nothing is in
    // place any more (a join of the same interface later adds it again).
    if (target === undefined && client === undefined) this.targets.delete(sb.id);
    if (target === undefined || this.targets.get(sb.id) === key) return;
    await this.prepare(sb);
    await check(this.runner, ipBatch(dnsRouteLines(target), sb.netns));
    this.targets.set(sb.id, key);
  }

  /**
   * The route a join of `ifname` makes the sandbox's (it is the first interface on a network with name
   * resolution): its lines for the join's in-namespace batch, after the addressing. Undefined when the
   * route is in place already or goes by another interface (the redirect after the join sees to that).
   */
  joinRoute(sb: SandboxRecord, ifname: string): InsideLines | undefined {
    if (sb.mode !== 'netns') return undefined;
    const target = dnsTarget(this.store.state, sb.id);
    if (target?.ifname !== ifname || insideDnsClient(this.store.state, sb.id) !== undefined) return undefined;
    const key = routeKey(target);
    if (this.targets.get(sb.id) === key) return undefined;
    return { lines: dnsRouteLines(target), taken: () => this.targets.set(sb.id, key) };
  }

  /**
   * Once per namespace: route_localnet on (the query leaves with 127.0.0.11 as its destination and the
   * answer comes back from it) and the policy rules that keep neighbours off the sandbox's loopback.
   * One `ip -force` process (idempotent: re-run on a namespace that has them, as at the daemon's start).
   */
  async prepare(sb: SandboxRecord): Promise<void> {
    if (sb.mode !== 'netns' || this.localnet.has(sb.id)) return;
    if (dnsTarget(this.store.state, sb.id) === undefined) return;
    const [, guard] = await Promise.all([
      check(this.runner, LOCALNET(sb.netns)),
      this.runner.run(ipBatchForce(GUARD_LINES, sb.netns)),
    ]);
    const errors = guardErrors(guard.stderr);
    if (errors.length > 0 || (guard.exitCode !== 0 && guard.stderr.trim() === ''))
      throw new Error(
        `DNS in sandbox ${sb.name}: the loopback guard rules could not be set: ${errors.join('; ') || `ip exited ${guard.exitCode}`}`,
      );
    this.localnet.add(sb.id);
  }

  /**
   * macvlan/ipvlan sandboxes: the engine's namespace cannot reach them (nor they it, without a shim), so the
   * DNS answers on 127.0.0.11:53 inside their namespace, as Docker's resolver does (netns-socket.ts). A
   * sandbox that also has a bridge network with DNS uses that one's route instead (127.0.0.11 is then not an
   * address of the namespace).
   */
  private async answerInside(sb: SandboxRecord, client: string | undefined): Promise<void> {
    const held = this.inside.get(sb.id);
    if (held === client) return;
    if (held !== undefined) {
      this.inside.delete(sb.id);
      await this.server.dropSockets(sb.id);
    }
    if (client === undefined) return;
    const { udp, tcp } = await openSandboxDnsSockets(sb.netns);
    this.server.adoptSockets(sb.id, udp, tcp, client);
    this.inside.set(sb.id, client);
    this.log.debug('dns answering inside the sandbox', { sandbox: sb.name, client });
  }

  /** The namespace has route_localnet and the guard already (a spare made in advance): not set again. */
  markLocalnet(sb: SandboxRecord): void {
    this.localnet.add(sb.id);
  }

  /** Closes the sockets held inside the sandbox's namespace (they would keep it alive after deletion). */
  async release(sb: SandboxRecord): Promise<void> {
    this.inside.delete(sb.id);
    await this.server.dropSockets(sb.id);
  }

  stats() {
    return this.server.stats();
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
