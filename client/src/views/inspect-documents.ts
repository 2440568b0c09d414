import * as vscode from 'vscode';

export const INSPECT_SCHEME = 'switchyard-inspect';

/** Read-only JSON documents (`docker network inspect` shape) under a scheme of our own. */
export class InspectDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(host: string, name: string, value: unknown): Promise<void> {
    const uri = vscode.Uri.from({ scheme: INSPECT_SCHEME, path: `/${host}/${name}.json` });
    this.contents.set(uri.toString(), `${JSON.stringify([value], null, 2)}\n`);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}
