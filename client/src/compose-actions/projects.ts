import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ComposeProjectRequest, ComposeProjectResultSchema } from '@switchyard/protocol';
import type { ComposeProjectModel } from '@switchyard/protocol';

/**
 * The compose projects as the language server reads them (`switchyard/composeProject`): override files,
 * `.env`, interpolation, include and `extends` applied, Compose's project name. The extension has no compose
 * reader of its own, so its code lens, dry run and "create these networks" agree with the diagnostics.
 */
export class ComposeProjects implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly started = new vscode.EventEmitter<void>();
  /** The server answers from now on (the lenses ask again). */
  readonly onDidStart = this.started.event;

  /** Set once the language client is running. */
  setClient(client: LanguageClient): void {
    this.client = client;
    this.started.fire();
  }

  get ready(): boolean {
    return this.client !== undefined;
  }

  /**
   * The project `uri` belongs to, or undefined when the server is not running yet or the file is not a
   * compose file it reads. A reply that does not match the protocol's schema is an error.
   */
  async modelOf(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<ComposeProjectModel | undefined> {
    if (!this.client) return undefined;
    const reply: unknown = await this.client.sendRequest(
      ComposeProjectRequest,
      { uri: uri.toString() },
      token,
    );
    const parsed = ComposeProjectResultSchema.safeParse(reply);
    if (!parsed.success)
      throw new Error(
        `the language server's ${ComposeProjectRequest} reply is malformed: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data ?? undefined;
  }

  dispose(): void {
    this.started.dispose();
  }
}
