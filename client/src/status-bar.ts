import * as vscode from 'vscode';
import type { HostRegistry } from './hosts/registry';

const icons: Record<string, string> = {
  connected: '$(vm-active)',
  connecting: '$(sync~spin)',
  failed: '$(error)',
  disconnected: '$(vm-outline)',
};

/** Shows the active host and its state; a click connects (or switches) hosts. */
export function hostStatusBar(hosts: HostRegistry): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('switchyard.host', vscode.StatusBarAlignment.Left, 10);
  item.name = vscode.l10n.t('Switchyard host');
  item.command = 'switchyard.host.connect';
  const update = () => {
    const host = hosts.active;
    item.text = host
      ? `${icons[host.state] ?? ''} ${host.label}`
      : `$(vm-outline) ${vscode.l10n.t('no host')}`;
    item.tooltip = host
      ? vscode.l10n.t(
          'Switchyard: {0} is {1}{2}',
          host.label,
          host.state,
          host.lastError ? ` (${host.lastError})` : '',
        )
      : vscode.l10n.t('Switchyard: connect to a host');
    item.show();
  };
  update();
  const sub = hosts.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
