import { DidChangeWatchedFilesNotification } from 'vscode-languageserver';
import type { ClientCapabilities, Connection } from 'vscode-languageserver';

/**
 * Asks the client to report changes to compose files, `.env` files and `.switchyard.yaml` on disk, so a project whose other
 * files are not open is re-checked when they change (and the disk cache is dropped), without polling.
 */
export function watchComposeFiles(connection: Connection, capabilities: ClientCapabilities): void {
  if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration !== true) return;
  void connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [
      { globPattern: '**/*.{yml,yaml}' },
      { globPattern: '**/.env' },
      { globPattern: '**/*.env' },
      { globPattern: '**/.switchyard.{yml,yaml}' },
    ],
  });
}
