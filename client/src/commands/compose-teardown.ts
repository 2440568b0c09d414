import * as vscode from 'vscode';
import { tearDown } from '../compose-actions/dry-run-runner';
import { dryRunKey, dryRunsInEngine, standingDryRuns } from '../compose-actions/dry-runs';
import type { StandingDryRun } from '../compose-actions/dry-runs';
import type { Host } from '../hosts/host';
import type { CommandContext } from './command-context';

/**
 * The dry runs standing on the hosts whose engine is connected: those this window started, and those found in
 * the engine by their label (left by a window that was reloaded or closed), so none is out of reach.
 */
export async function standingOn(hosts: readonly Host[]): Promise<StandingDryRun[]> {
  const runs = new Map(standingDryRuns);
  for (const host of hosts) {
    if (!host.engine?.client) continue;
    await host.engine.refresh();
    for (const [project, made] of dryRunsInEngine(host.engine.networks, host.engine.sandboxes)) {
      const key = dryRunKey(host, project);
      if (!runs.has(key)) runs.set(key, { host, project, made });
    }
  }
  return [...runs.values()];
}

/** Tears down a standing dry run (picked when there are several). */
export async function composeTeardown(ctx: CommandContext): Promise<void> {
  const runs = await standingOn(ctx.hosts.hosts);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No dry run is standing.'));
    return;
  }
  const pick =
    runs.length === 1
      ? runs[0]
      : (
          await vscode.window.showQuickPick(
            runs.map((run) => ({ label: run.project, description: run.host.label, run })),
            { title: vscode.l10n.t('Tear down which dry run?') },
          )
        )?.run;
  if (pick) await tearDownDryRun(ctx, pick);
}

export async function tearDownDryRun(ctx: CommandContext, run: StandingDryRun): Promise<void> {
  const client = run.host.engine?.client;
  if (!client) {
    throw new Error(
      vscode.l10n.t(
        'the engine on {0} is not connected; reconnect it and run "Tear Down Dry Run" again',
        run.host.label,
      ),
    );
  }
  const problems = await tearDown(client, run.made);
  standingDryRuns.delete(dryRunKey(run.host, run.project));
  await run.host.engine?.refresh();
  if (problems.length > 0) {
    ctx.log.warn(`dry run ${run.project} teardown: ${problems.join('; ')}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The dry run of {0} left something behind: {1}', run.project, problems.join('; ')),
    );
  } else {
    void vscode.window.showInformationMessage(vscode.l10n.t('The dry run of {0} is torn down.', run.project));
  }
}
