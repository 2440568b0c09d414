import * as vscode from 'vscode';
import { RememberedSecret } from './secrets';
import type { SecretRequest, SecretSlot } from './secrets';

/** The VS Code side of secrets.ts: a password input box, worded for what is asked and why. */
export async function askInInputBox(request: SecretRequest): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: title(request),
    prompt: prompt(request),
    password: true,
    ignoreFocusOut: true,
  });
}

/** A secret under `key` in VS Code's SecretStorage, asked with an input box. */
export function vscodeSecret(
  secrets: vscode.SecretStorage,
  key: string,
  kind: SecretRequest['kind'],
  subject: string,
): RememberedSecret {
  return new RememberedSecret(secrets, key, kind, subject, askInInputBox);
}

/** The secret of one slot (see `sshSecretSlots`), asked with an input box. */
export const vscodeSecretFor = (secrets: vscode.SecretStorage, slot: SecretSlot): RememberedSecret =>
  vscodeSecret(secrets, slot.key, slot.kind, slot.subject);

function title(r: SecretRequest): string {
  switch (r.kind) {
    case 'passphrase':
      return vscode.l10n.t('Passphrase for {0}', r.subject);
    case 'ssh-password':
      return vscode.l10n.t('SSH password for {0}', r.subject);
    case 'sudo-password':
      return vscode.l10n.t('sudo password for {0}', r.subject);
    case 'keyboard-interactive':
      return vscode.l10n.t('The SSH server asks: {0}', r.subject);
  }
}

function prompt(r: SecretRequest): string {
  if (r.kind === 'keyboard-interactive') return vscode.l10n.t('This answer is not saved.');
  const kept = vscode.l10n.t("Switchyard keeps it in VS Code's secret storage once it works.");
  return r.refused
    ? `${vscode.l10n.t('The last one was refused; it is forgotten. Try again.')} ${kept}`
    : kept;
}
