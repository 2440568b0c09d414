import type { Runner } from '../exec/command';
import { check } from '../exec/command';
import { nftApply, nftChange } from '../exec/nft';
import type { FwModel, FwState } from './render';
import { dropTable, renderDelta, renderTable, stateOf } from './render';
import { DockerUser } from './docker-user';

/**
 * Keeps the kernel's table equal to the model, one nft transaction per change: the whole table (`nft -f`)
 * when the kernel's content is unknown (start, drift), otherwise only the difference from what was last
 * applied (set elements, the ports chain), through the long-lived `nft -i` (exec/nft.ts `nftChange`).
 * Skips the kernel when nothing changed (a connect without published ports costs no nft process). Syncs are serialised: each applies the model as it is when its turn comes.
 */
export class Firewall {
  private applied: FwState | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly dockerUser: DockerUser;
  private appliedBridges = '';
  private dockerPresent: boolean | undefined;
  /**
   * Deltas in a row that failed through the `nft -i` session; at 3 deltas use `nft -f` (an nft without its
   * CLI never gets that far: the spawn thread runs its jobs as processes by itself).
   */
  private sessionFailures = 0;

  constructor(
    private readonly runner: Runner,
    private readonly table: string,
  ) {
    this.dockerUser = new DockerUser(runner, table);
  }

  sync(model: () => FwModel): Promise<void> {
    const run = this.queue.then(() => this.apply(model()));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(m: FwModel): Promise<void> {
    const next = stateOf(m);
    const delta = this.applied && renderDelta(this.applied, next);
    if (delta !== '') {
      // Unknown until a transaction succeeds: if both fail, the next sync starts from the whole table.
      this.applied = undefined;
      // A failed delta (someone deleted our table or an element) falls back to the whole table.
      const ok = delta !== undefined && (await this.applyDelta(delta));
      if (!ok) await check(this.runner, nftApply(renderTable(m)));
      this.applied = next;
    }
    const bridges = m.networks.map((n) => n.device).sort();
    // DOCKER-USER is probed once (and again by the drift check), not on every network change.
    if (bridges.join() !== this.appliedBridges && this.dockerPresent !== false) {
      this.dockerPresent = (await this.dockerUser.sync(bridges)) === 'synced';
      this.appliedBridges = bridges.join();
    }
  }

  /** One delta transaction, through the `nft -i` session while that works on this host. */
  private async applyDelta(delta: string): Promise<boolean> {
    if (this.sessionFailures >= 3) return (await this.runner.run(nftApply(delta))).exitCode === 0;
    const r = await this.runner.run(nftChange(delta));
    this.sessionFailures = r.exitCode === 0 ? 0 : this.sessionFailures + 1;
    return r.exitCode === 0;
  }

  /** Forces the next sync to reach the kernel (used at start, when the kernel may have drifted). */
  invalidate(): void {
    this.applied = undefined;
    this.appliedBridges = '\0';
    this.dockerPresent = undefined;
  }

  /**
   * Drift check, run periodically: if someone flushed the ruleset (a firewall reload) or dockerd started
   * after us, the next sync re-applies our table and the DOCKER-USER accepts. Costs one `nft list` exec.
   */
  async checkDrift(model: () => FwModel): Promise<boolean> {
    const probe = await this.runner.run({ argv: ['nft', 'list', 'chain', 'inet', this.table, 'forward'] });
    const docker = await this.runner.run({ argv: ['iptables', '-w', '-S', 'DOCKER-USER'] });
    const dockerDrift =
      docker.exitCode === 0 && !docker.stdout.includes(this.table) && model().networks.length > 0;
    if (probe.exitCode === 0 && !dockerDrift) return false;
    this.invalidate();
    await this.sync(model);
    return true;
  }

  async remove(): Promise<void> {
    await this.runner.run(nftApply(dropTable(this.table)));
    await this.dockerUser.sync([]);
  }
}
