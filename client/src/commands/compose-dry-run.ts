import * as vscode from 'vscode';
import { planDryRun } from '../compose-actions/dry-run-plan';
import { runDryRun } from '../compose-actions/dry-run-runner';
import type { DryRunResources } from '../compose-actions/dry-run-runner';
import { dryRunKey, standingDryRuns } from '../compose-actions/dry-runs';
import { composeDocument, composeModel } from '../compose-actions/lens';
import { renderOutcome } from '../compose-actions/matrix';
import { services } from './command-context';
import type { CommandContext } from './command-context';
import { standingOn, tearDownDryRun } from './compose-teardown';

/**
 * "Dry-run this project's network on HOST": one engine sandbox per service on prefixed copies of the
 * project's networks, then a matrix of who pings and resolves whom. It stays up until the user tears it down;
 * a failure or a cancellation tears it down at once.
 */
export async function composeDryRun(ctx: CommandContext, arg?: unknown): Promise<void> {
  const doc = await composeDocument(arg);
  const host = ctx.hosts.active;
  const client = host?.engine?.client;
  if (!doc) return;
  if (!host || !client) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Deploy or connect the engine on a host first: the dry run builds in the engine.'),
    );
    return;
  }
  const project = await composeModel(ctx.composeProjects, doc);
  if (!project) return;
  const plan = planDryRun(project);
  const key = dryRunKey(host, plan.project);
  // A run of the same project still standing (from this window, or found in the engine) goes first.
  const previous = (await standingOn([host])).find((run) => dryRunKey(run.host, run.project) === key);
  if (previous) await tearDownDryRun(ctx, previous);
  const made: DryRunResources = { networks: [], sandboxes: [] };
  standingDryRuns.set(key, { host, project: plan.project, made });
  let outcome;
  try {
    outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Dry run of {0} on {1}', plan.project, host.label),
        cancellable: true,
      },
      (p, token) => runDryRun(client, plan, host.label, made, (step) => p.report({ message: step }), token),
    );
  } catch (err) {
    const standing = standingDryRuns.get(key);
    if (standing) await tearDownDryRun(ctx, standing);
    throw err;
  } finally {
    await host.engine?.refresh();
  }
  const reports = services(ctx).reports;
  await reports.show(
    reports.uri(host.id.replace(/[^a-zA-Z0-9_.-]/g, '_'), `dry-run-${plan.project}`),
    renderOutcome(outcome),
  );
  const down = vscode.l10n.t('Tear down');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The dry run of {0} is standing on {1} ({2} sandboxes, {3} networks).',
      plan.project,
      host.label,
      made.sandboxes.length,
      made.networks.length,
    ),
    down,
  );
  const standing = standingDryRuns.get(key);
  if (choice === down && standing) await tearDownDryRun(ctx, standing);
}
