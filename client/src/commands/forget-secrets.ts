import * as vscode from 'vscode';
import type { Host } from '../hosts/host';
import type { SecretSlot } from '../transport/secrets';
import { describeKind, forgetSecrets, savedSecrets } from '../transport/secrets';
import type { TreeNode } from '../tree/nodes';
import type { CommandContext } from './command-context';

/**
 * Forgets what Switchyard saved for a host in VS Code's secret storage (its key's passphrase, SSH password,
 * sudo password): the user picks among the saved ones (all picked at first); the next connection asks again.
 * Nothing else changes: a live connection stays up.
 */
export async function forgetHostSecrets(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const store = ctx.hosts.secrets;
  const host = node?.kind === 'host' ? node.host : await pickHost(ctx.hosts.hosts);
  if (!host) return;
  const saved = await savedSecrets(store, host.secretSlots());
  if (saved.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing is saved for {0}.', host.label));
    return;
  }
  const picks = await vscode.window.showQuickPick(
    saved.map((slot) => ({ label: label(slot), description: slot.subject, picked: true, slot })),
    { title: vscode.l10n.t('Forget saved secrets of {0}', host.label), canPickMany: true },
  );
  if (!picks || picks.length === 0) return;
  await forgetSecrets(
    store,
    picks.map((p) => p.slot),
  );
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Forgot {0} for {1}; the next connection asks again.',
      picks.map((p) => p.label).join(', '),
      host.label,
    ),
  );
}

const label = (slot: SecretSlot): string => {
  const kind = describeKind(slot.kind);
  return kind.charAt(0).toUpperCase() + kind.slice(1);
};

async function pickHost(hosts: Host[]): Promise<Host | undefined> {
  if (hosts.length <= 1) return hosts[0];
  const pick = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.label, host: h })),
    { title: vscode.l10n.t('Forget saved secrets of which host?') },
  );
  return pick?.host;
}
