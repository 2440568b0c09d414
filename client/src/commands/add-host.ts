import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { parseHostSetting } from '@switchyard/hostio';
import type { CommandContext } from './command-context';
import { setting, updateSetting } from '../settings/settings';

/** Adds an SSH host by `user@host[:port]`, remembers it in the settings, and connects. */
export async function addHost(ctx: CommandContext): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add SSH host'),
    placeHolder: 'user@host[:port]',
    validateInput: (v) =>
      parseHostSetting(v, userInfo().username)
        ? undefined
        : vscode.l10n.t('Write it as user@host or user@host:port'),
  });
  const entry = text ? parseHostSetting(text, userInfo().username) : undefined;
  if (!entry) return;
  const hosts = setting('hosts');
  if (!hosts.includes(entry.alias)) await updateSetting('hosts', [...hosts, entry.alias]);
  const host = ctx.hosts.addSsh(entry);
  await ctx.hosts.connect(host);
  if (host.state === 'failed') {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not connect to {0}: {1}', host.label, host.lastError ?? ''),
    );
  }
}
