import * as vscode from 'vscode';

export const REPORT_SCHEME = 'switchyard-report';

/** Read-only Markdown documents (the dry run's matrix), shown in the Markdown preview and updated in place. */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    // A preview restored by a reloaded window asks for a report this window never made.
    return (
      this.contents.get(uri.toString()) ??
      vscode.l10n.t(
        '# Report not available\n\nThis report was made before the window reloaded, and reports are not kept. Run the dry run again from the compose file to see a new one.\n',
      )
    );
  }

  uri(host: string, name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${host}/${name}.md` });
  }

  /** Sets the text; the first time, opens the preview beside the editor. */
  async show(uri: vscode.Uri, markdown: string): Promise<void> {
    const first = !this.contents.has(uri.toString());
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    if (first) await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  }
}
