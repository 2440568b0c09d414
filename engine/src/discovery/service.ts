import type { DnsServer, ScopedResolver } from '../dns';
import { createScopedResolver, startDnsServer } from '../dns';
import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { nftChange } from '../exec/nft';
import { sysctlWrite } from '../exec/sysctl';
import type { Logger } from '../log/logger';
import type { DnsHook } from '../engine-context';
import type { Store } from '../store/store';
import type { SandboxRecord } from '../model/types';
import { sandboxDnsTable } from './sandbox-nat';
import type { RemoteEndpoints } from './view';
import { openSandboxDnsSockets } from './netns-socket';
import { dnsListenAddresses, dnsTarget, dnsView, insideDnsClient } from './view';

const LOCALNET = (netns: string) => sysctlWrite('net/ipv4/conf/all/route_localnet', '1', netns);

/**
 * Wires the embedded DNS server (engine/src/dns) to the store: one listener per gateway of a network with
 * name resolution, the resolver's view refreshed on every change, and each sandbox's 127.0.0.11 pointed
 * at the right gateway.
 */
export class DnsService implements DnsHook {
  private readonly targets = new Map<string, string | undefined>();
  /** Sandboxes whose namespace already has route_localnet on. */
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

  async redirect(sb: SandboxRecord): Promise<void> {
    if (sb.mode !== 'netns') return;
    const target = dnsTarget(this.store.state, sb.id);
    const client = insideDnsClient(this.store.state, sb.id);
    await this.answerInside(sb, client);
    if (target === undefined && client !== undefined && this.targets.get(sb.id)) {
      // Its bridge went and macvlan remains: the old DNAT would send 127.0.0.11 to a gateway now unreachable.
      await check(this.runner, nftChange(sandboxDnsTable(undefined, this.port), sb.netns));
      this.targets.set(sb.id, undefined);
      return;
    }
    // No DNS network left: keep the old redirect (resolv.conf no longer names 127.0.0.11), saving a process.
    if (target === undefined || this.targets.get(sb.id) === target) return;
    // The DNAT-ed query leaves with a 127.0.0.1 source until masquerade rewrites it; the kernel drops such
    // packets unless route_localnet is on (set in the sandbox's namespace only). Both run at once. The table
    // goes through the namespace's `nft -i` session (exec/nft.ts), which a load balancer then reuses
    // (services/agent.ts): one `nft` process per new namespace, not one per change.
    const localnet = target && !this.localnet.has(sb.id) ? check(this.runner, LOCALNET(sb.netns)) : undefined;
    await Promise.all([
      localnet,
      check(this.runner, nftChange(sandboxDnsTable(target, this.port), sb.netns)),
    ]);
    this.targets.set(sb.id, target);
    if (target) this.localnet.add(sb.id);
  }

  /**
   * macvlan/ipvlan sandboxes: the engine's namespace cannot reach them (nor they it, without a shim), so the
   * DNS answers on 127.0.0.11:53 inside their namespace, as Docker's resolver does (netns-socket.ts). A
   * sandbox that also has a bridge network with DNS uses that one's DNAT instead (DNAT in output wins).
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

  /** The namespace has route_localnet on already (a spare made in advance): the redirect does not set it. */
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
