import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerCommands } from './commands/table';
import { commandTitles } from './commands/tree-item-commands';
import { HostRegistry } from './hosts/registry';
import { sendHostSnapshot, startLanguageClient } from './language-client/language-client';
import { HostsTree } from './tree/provider';
import { hostStatusBar } from './status-bar';
import { INSPECT_SCHEME, InspectDocuments } from './views/inspect-documents';
import { LOG_SCHEME, LogDocuments } from './logs/log-documents';
import { REPORT_SCHEME, ReportDocuments } from './views/report-documents';
import { COMPOSE_SELECTOR, ComposeLenses } from './compose-actions/lens';
import { ComposeProjects } from './compose-actions/projects';
import { ClusterMemberships } from './engine-control/memberships';
import { reportSettingProblemsTo, setting } from './settings/settings';
import { WalkthroughProgress } from './walkthrough';

let client: LanguageClient | undefined;

/** Wiring only: hosts, the tree, the commands, the language client. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Switchyard', { log: true });
  reportSettingProblemsTo((message) => log.warn(message));
  const engineBundle = () => readFile(context.asAbsolutePath('dist/engine.js'));
  const hosts = new HostRegistry(log, engineBundle, context.secrets);
  const tree = new HostsTree(hosts);
  const inspect = new InspectDocuments();
  const diagnostics = vscode.window.createOutputChannel('Switchyard: Troubleshooting');
  const treeView = vscode.window.createTreeView('switchyard.hosts', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const logs = new LogDocuments(hosts, log);
  const reports = new ReportDocuments();
  const composeProjects = new ComposeProjects();
  const walkthrough = new WalkthroughProgress(context.extension.packageJSON, context.extension.id, log);
  context.subscriptions.push(
    composeProjects,
    log,
    hosts,
    treeView,
    vscode.workspace.registerTextDocumentContentProvider(INSPECT_SCHEME, inspect),
    diagnostics,
    hostStatusBar(hosts, treeView, walkthrough),
    logs,
    vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.languages.registerCodeLensProvider(COMPOSE_SELECTOR, new ComposeLenses(hosts, composeProjects)),
    ...registerCommands(
      {
        hosts,
        tree,
        log,
        inspect,
        diagnostics,
        extensionUri: context.extensionUri,
        memberships: new ClusterMemberships(context.globalState),
        views: { logs, treeView, reports },
        composeProjects,
        walkthrough,
      },
      commandTitles(context.extension.packageJSON),
    ),
  );
  // The language server starts in the background: the tree and commands must not wait for it.
  startLanguageClient(context, log).then(
    (started) => {
      client = started;
      composeProjects.setClient(started);
      const active = hosts.active;
      if (active) void sendHostSnapshot(started, active.snapshot);
    },
    (err: unknown) => log.error(`language server did not start: ${String(err)}`),
  );
  hosts.onDidChange((host) => {
    if (client && host && host === hosts.active) void sendHostSnapshot(client, host.snapshot);
  });
  // Quiet until asked: nothing reaches Docker, sudo or SSH until the view is opened or a command asks.
  context.subscriptions.push(connectLocalhostWhenViewOpens(treeView, hosts));
}

/** `switchyard.connectLocalhost`: the first time the Switchyard view is visible, localhost is connected. */
function connectLocalhostWhenViewOpens(
  view: vscode.TreeView<unknown>,
  hosts: HostRegistry,
): vscode.Disposable {
  const connect = (): boolean => {
    if (!view.visible) return false;
    if (setting('connectLocalhost')) {
      const local = hosts.get('localhost');
      if (local && local.state === 'disconnected' && !hosts.active) void hosts.connect(local);
    }
    return true;
  };
  if (connect()) return new vscode.Disposable(() => undefined);
  const sub = view.onDidChangeVisibility(() => {
    if (connect()) sub.dispose();
  });
  return sub;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
