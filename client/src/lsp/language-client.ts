import * as vscode from 'vscode';
import type { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { HostSnapshotNotification, SERVER_NODE_FLAGS } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import { withoutDryRuns } from '../compose/dry-runs';

/**
 * Starts the language server. Its messages and traces go to the extension's own log channel, so the Output
 * panel lists one "Switchyard" channel, not two.
 */
export async function startLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  // Loaded here, not at the top, and only after activate() has returned (setImmediate; a bare import() would
  // still run in activation's microtasks): the client library is a large part of the bundle and activation
  // must not pay for it. esbuild keeps a module reached only through import() uninitialised until this call.
  await new Promise<void>((resolve) => setImmediate(resolve));
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6011'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    // Once active (a compose file, a kustomization or the view asked for it), every YAML file: the server
    // decides by content whether it is a compose file, a Kubernetes manifest (apiVersion + kind), a
    // kustomization, or neither (then it publishes nothing for it).
    documentSelector: [{ language: 'dockercompose' }, { language: 'yaml' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{.env,*.yml,*.yaml}') },
    outputChannel: log,
    traceOutputChannel: log,
  };
  const client = new LanguageClient('switchyard', 'Switchyard', serverOptions, clientOptions);
  await client.start();
  return client;
}

/**
 * Tells the server what the connected host holds, so compose files get the host-aware diagnostics. A dry
 * run's networks are left out: they rehearse a compose file, and that file must not be told it overlaps
 * with its own rehearsal.
 */
export async function sendHostSnapshot(client: LanguageClient, snapshot: HostSnapshot | null): Promise<void> {
  await client.sendNotification(HostSnapshotNotification, { snapshot: snapshot && withoutDryRuns(snapshot) });
}
