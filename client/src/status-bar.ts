import * as vscode from 'vscode';
import type { HostRegistry } from './hosts/registry';
import type { TreeNode } from './tree/nodes';
import { isSwitchyardDocument } from './compose-actions/files';
import type { WalkthroughProgress } from './walkthrough';

const icons: Record<string, string> = {
  connected: '$(vm-active)',
  connecting: '$(sync~spin)',
  failed: '$(error)',
  disconnected: '$(vm-outline)',
};

/**
 * Shows the active host and its state; a click connects (or switches) hosts. Shown only where the host means
 * something: a compose file or Kubernetes manifest in the active editor, or the Switchyard view visible.
 */
export function hostStatusBar(
  hosts: HostRegistry,
  view: vscode.TreeView<TreeNode>,
  walkthrough?: WalkthroughProgress,
): vscode.Disposable {
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
    const doc = vscode.window.activeTextEditor?.document;
    const documentActive = doc !== undefined && isSwitchyardDocument(doc);
    if (view.visible || documentActive) item.show();
    else item.hide();
    // The walkthrough's steps complete on these (package.json `contributes.walkthroughs`).
    const hostConnected = hosts.hosts.some((h) => h.state === 'connected');
    void vscode.commands.executeCommand('setContext', 'switchyard.documentActive', documentActive);
    void vscode.commands.executeCommand('setContext', 'switchyard.hostConnected', hostConnected);
    if (documentActive) walkthrough?.happened('onContext:switchyard.documentActive');
    if (hostConnected) walkthrough?.happened('onContext:switchyard.hostConnected');
    if (view.visible) walkthrough?.happened('onView:switchyard.hosts');
  };
  update();
  return vscode.Disposable.from(
    item,
    hosts.onDidChange(update),
    view.onDidChangeVisibility(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    // A language mode change (VS Code closes and reopens the document under its new language).
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d === vscode.window.activeTextEditor?.document) update();
    }),
  );
}
