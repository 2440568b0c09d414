import { check } from '../exec/command';
import { ipBatch, ipLine } from '../exec/ip';
import { nftChange } from '../exec/nft';
import { sysctlWrite } from '../exec/sysctl';
import { GUARD_LINES } from '../sandbox/dns-route';
import { newId } from '../model/names';
import { deleteNetns } from '../sandbox/netns';
import type { EngineContext, SpareHook, SpareNetns } from '../engine-context';

export type { SpareNetns };

/** While a spare waits, its `ip` and `nft -i` sessions are sent an empty job this often (their idle ends are 20 and 60 s). */
const KEEPALIVE_MS = 10_000;
/**
 * A taken spare is made again this long after the take, unless the create that took it says earlier that it
 * has answered (`settled`: an ordinary sandbox create). Not at once: its processes would compete for the
 * cores with the sandbox that took it, whose command is starting and whose peers are programming their
 * balancers (a service's replica waits the whole delay).
 */
const REFILL_DELAY_MS = 250;
/** How long the spare pool waits: after a take, and before the next try after a spare could not be made. */
export interface SpareDelays {
  /** After a take (see above). */
  refill: number;
  /** After the first failure; doubled after each further one, up to `retryMax`. */
  retry: number;
  retryMax: number;
}

const DELAYS: SpareDelays = { refill: REFILL_DELAY_MS, retry: 2_000, retryMax: 60_000 };

/**
 * The wait before the next try after `failures` spares in a row could not be made: `retry`, doubled per
 * further failure, at most `retryMax`. A host where `ip netns add` keeps failing (no CAP_SYS_ADMIN, a full
 * /run) is not asked every 2 s for ever.
 */
export function retryDelay(failures: number, d: Pick<SpareDelays, 'retry' | 'retryMax'> = DELAYS): number {
  return Math.min(d.retry * 2 ** Math.max(0, failures - 1), d.retryMax);
}

/**
 * One spare network namespace, made before it is needed, for the next sandbox that gets its own namespace
 * on a network whose 127.0.0.11 is routed (a bridge or an overlay with name resolution; sandbox-ops.ts
 * `spareFits`): an ordinary `sandbox create` as well as a service's new replica (services/agent.ts). A fresh
 * namespace costs the process starts of its `ip -n NS -batch` session (the join's in-namespace batch), of
 * route_localnet and of the DNS route's loopback guard (dns `prepare`), and, for a load balancer, of its
 * `nft -i` session, 45-60 ms each on a busy host. The spare has all of that done: it is named as the sandbox
 * that takes it will be (`naming.netns(id)`: the sandbox takes its id too, so what users see, its id, name
 * and namespace path, is what a fresh one would show), the sessions, which are keyed by namespace name,
 * answer that sandbox's first jobs at once; loopback is up, route_localnet on and the guard in place, which
 * is exactly what such a sandbox's fresh namespace gets (nothing else: no link but lo, no address but
 * loopback's, no nft table). A sandbox that takes it joins it as an existing namespace (the `connect` path:
 * the veth is made from inside, by the open session). A sandbox it would not fit (no network, or none with
 * a routed 127.0.0.11: a fresh one has neither route_localnet nor the guard) makes its own, as before.
 *
 * Never leaked: `close` deletes a spare not taken (daemon stop), a taken one belongs to its sandbox (its
 * teardown deletes it, also when its create fails), and one left by a killed daemon has our namespace
 * prefix and no record: the start-up reconcile and `uninstall` delete it as any such namespace.
 */
export class SparePool implements SpareHook {
  /** The spare being made or waiting (`ready` false: making it failed, it is gone again). */
  private spare?: SpareNetns & { ready: Promise<boolean>; usable: boolean };
  private keepalive?: NodeJS.Timeout;
  private wanted = false;
  private closed = false;
  /** No spare is made before this time (Date.now()); a timer makes it then. */
  private notBefore = 0;
  private refill?: NodeJS.Timeout;
  /** How many spares were taken / made (the tests and the bench read these). */
  readonly stats = { made: 0, taken: 0, dropped: 0 };

  /** Spares that could not be made in a row (reset by one that is made). */
  private failures = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly delays: SpareDelays = DELAYS,
  ) {}

  /** Keeps one spare while `on` (made in the background when missing); deletes it when `on` is false. */
  async keep(on: boolean): Promise<void> {
    this.wanted = on && !this.closed;
    if (this.wanted) return this.fill();
    clearTimeout(this.refill);
    this.refill = undefined;
    await this.drop();
  }

  /** Makes the spare when one is wanted and missing, now or (after a take or a failure) when it is time. */
  private fill(): void {
    if (!this.wanted || this.closed || this.spare || this.refill) return;
    const wait = this.notBefore - Date.now();
    if (wait <= 0) return this.make();
    this.refill = setTimeout(() => {
      this.refill = undefined;
      this.fill();
    }, wait);
    this.refill.unref();
  }

  /** The spare if it is ready (the caller owns its namespace from now on); undefined otherwise. */
  take(): SpareNetns | undefined {
    const s = this.spare;
    if (!s?.usable || this.closed) return undefined;
    this.spare = undefined;
    clearInterval(this.keepalive);
    this.keepalive = undefined;
    this.stats.taken++;
    this.ctx.log.debug('spare namespace taken', { netns: s.netns });
    this.notBefore = Date.now() + this.delays.refill;
    this.fill();
    return { id: s.id, netns: s.netns };
  }

  /**
   * The create that took the spare has answered: the next spare is made now, not when the delay ends. Sandbox
   * creates come one after the other (a script, a compose project's services, the overlay bench every 200-300
   * ms): with the whole delay, about every second one found no spare ready.
   */
  settled(): void {
    if (!this.refill) return;
    clearTimeout(this.refill);
    this.refill = undefined;
    this.notBefore = 0;
    this.fill();
  }

  /** The spare's namespace name while one exists (made or being made). */
  get current(): string | undefined {
    return this.spare?.netns;
  }

  private make(): void {
    const id = newId();
    const netns = this.ctx.naming.netns(id);
    const runner = this.ctx.runner;
    const spare = { id, netns, usable: false, ready: Promise.resolve(false) };
    this.spare = spare;
    // Logged before the namespace exists (the log file is written at once): a reader of the log can tell
    // the spare from a leaked namespace (the engine tests do).
    this.ctx.log.debug('spare namespace making', { netns });
    spare.ready = (async () => {
      try {
        await check(runner, ipBatch([ipLine`netns add ${netns}`]));
        // The sessions a sandbox's first join uses, opened now: its `ip` (loopback up), its `nft -i`
        // (an empty job), and route_localnet and the loopback guard as the DNS redirect sets them
        // (dns: `markLocalnet`).
        await Promise.all([
          check(runner, ipBatch([ipLine`link set lo up`, ...GUARD_LINES], netns)),
          check(runner, nftChange('', netns)),
          check(runner, sysctlWrite('net/ipv4/conf/all/route_localnet', '1', netns)),
        ]);
      } catch (e) {
        this.failures++;
        const wait = retryDelay(this.failures, this.delays);
        // Said once (a sandbox create makes its own namespace meanwhile); the tries after it go to debug.
        const say = this.failures === 1 ? this.ctx.log.warn : this.ctx.log.debug;
        say.call(this.ctx.log, 'could not make a spare namespace; sandbox creates make their own meanwhile', {
          netns,
          error: String(e),
          failures: this.failures,
          nextTryMs: wait,
        });
        await deleteNetns(runner, netns).catch(() => undefined);
        if (this.spare === spare) {
          this.spare = undefined;
          this.notBefore = Date.now() + wait;
          this.fill();
        }
        return false;
      }
      if (this.failures > 0) {
        this.ctx.log.info('spare namespace made again', { netns, failedBefore: this.failures });
        this.failures = 0;
      }
      // Dropped or closed while it was being made: deleted here, by its maker.
      if (this.spare !== spare) {
        await deleteNetns(runner, netns).catch(() => undefined);
        return false;
      }
      spare.usable = true;
      this.stats.made++;
      this.keepalive = setInterval(() => {
        // Busy sessions (a job in flight) are left alone; a failure only means the next take opens them.
        void runner.run(ipBatch([ipLine`link set lo up`], netns));
        void runner.run(nftChange('', netns));
      }, KEEPALIVE_MS);
      this.keepalive.unref();
      this.ctx.log.debug('spare namespace ready', { netns });
      return true;
    })();
  }

  private async drop(): Promise<void> {
    const s = this.spare;
    if (!s) return;
    this.spare = undefined;
    clearInterval(this.keepalive);
    this.keepalive = undefined;
    // Still being made: its maker deletes it once done (this.spare is no longer it).
    if (!(await s.ready)) return;
    this.stats.dropped++;
    await deleteNetns(this.ctx.runner, s.netns);
    this.ctx.log.debug('spare namespace deleted', { netns: s.netns });
  }

  /** Deletes the spare (daemon stop); no new one is made after this. */
  async close(): Promise<void> {
    this.closed = true;
    this.wanted = false;
    clearTimeout(this.refill);
    this.refill = undefined;
    const s = this.spare;
    await this.drop();
    // One being made when closed: wait until its maker has deleted it.
    await s?.ready;
  }
}
