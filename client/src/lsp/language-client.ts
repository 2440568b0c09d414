import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { HostSnapshotNotification } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';

/** Compose files by the names `docker compose` looks for, in either language id editors give them. */
const composeFiles = '**/{compose,docker-compose}*.{yml,yaml}';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockercompose' }, { language: 'yaml', pattern: composeFiles }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/{.env,*.yml,*.yaml}') },
  };
  const client = new LanguageClient('switchyard', 'Switchyard', serverOptions, clientOptions);
  await client.start();
  return client;
}

/** Tells the server what the connected host holds, so compose files get the host-aware diagnostics. */
export async function sendHostSnapshot(client: LanguageClient, snapshot: HostSnapshot | null): Promise<void> {
  await client.sendNotification(HostSnapshotNotification, { snapshot });
}
