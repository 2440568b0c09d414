import * as vscode from 'vscode';
import { basename } from 'node:path';
import { composeDocument, composeModel } from '../compose-actions/lens';
import { createPlanned, describePlan } from '../compose-actions/create-networks';
import { planNetworkCreates } from '../compose-actions/create-plan';
import type { CreateTarget } from '../compose-actions/create-plan';
import type { CommandContext } from './command-context';

/**
 * "Create these networks on HOST": the compose file's top-level networks, in the engine or in Docker (the
 * user picks), pre-checked with core/ against each other and the host's subnets, shown, then created.
 */
export async function composeCreateNetworks(ctx: CommandContext, arg?: unknown): Promise<void> {
  const doc = await composeDocument(arg);
  const host = ctx.hosts.active;
  if (!doc) return;
  if (!host || host.state !== 'connected') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connect to a host first.'));
    return;
  }
  const target = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('In Docker'), target: 'docker' as CreateTarget, disabled: !host.docker },
      {
        label: vscode.l10n.t('In the Switchyard engine'),
        target: 'engine' as CreateTarget,
        disabled: !host.engine?.client,
      },
    ]
      .filter((t) => !t.disabled)
      .map(({ label, target }) => ({ label, target })),
    { title: vscode.l10n.t('Create the networks of {0} on {1}', basename(doc.uri.path), host.label) },
  );
  if (!target) return;
  const project = await composeModel(ctx.composeProjects, doc);
  if (!project) return;
  const items = planNetworkCreates(project, host.snapshot?.networks ?? [], target.target);
  const creatable = items.filter((i) => !i.skip);
  if (creatable.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Nothing to create on {0}:\n{1}',
        host.label,
        describePlan(items) || vscode.l10n.t('no networks besides external ones'),
      ),
    );
    return;
  }
  const create = vscode.l10n.t('Create {0}', creatable.length);
  const ok = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Create {0} network(s) {1} on {2}?',
      creatable.length,
      target.label.toLowerCase(),
      host.label,
    ),
    { modal: true, detail: describePlan(items) },
    create,
  );
  if (ok !== create) return;
  const results = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Creating networks on {0}…', host.label),
    },
    () => createPlanned(host, target.target, items),
  );
  ctx.log.info(`compose networks on ${host.label} (${target.target}): ${results.join('; ')}`);
  const failed = results.filter((r) => r.startsWith('✗'));
  const show = failed.length > 0 ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
  void show(vscode.l10n.t('Networks on {0}: {1}', host.label, results.join('; ')));
}
