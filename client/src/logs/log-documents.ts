import * as vscode from 'vscode';
import type { HostRegistry } from '../hosts/registry';
import type { LogFollower, LogSink } from './follower';

export const LOG_SCHEME = 'switchyard-log';
/** Lines kept per document; older ones are dropped so a chatty source cannot eat the editor's memory. */
const MAX_LINES = 20_000;

interface Followed {
  hostId: string;
  follower: LogFollower;
  title: string;
  lines: string[];
  attached: AbortController | undefined;
  /** Set while a re-attach is being tried, so host events arriving meanwhile do not start a second one. */
  trying: boolean;
}

/**
 * Read-only log documents that keep appending. Each document follows one source; when the source ends (the
 * engine restarted, the SSH link dropped, the container stopped) the document stays open with a note, and it
 * re-attaches when the host says things changed and the source is ready again. Closing the document stops it.
 */
export class LogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, Followed>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Documents whose editor shows the last line, and so keeps showing it as lines arrive (like `tail -f`). */
  private readonly following = new Set<string>();

  constructor(
    private readonly hosts: HostRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      hosts.onDidChange(() => this.reattachAll()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.closed(doc.uri)),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor)),
      vscode.workspace.onDidChangeTextDocument((e) => this.grew(e.document.uri)),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const doc = this.docs.get(uri.toString());
    return doc
      ? `${doc.lines.join('\n')}\n`
      : vscode.l10n.t('This log is no longer followed; open it again.');
  }

  /** Opens (or shows again) the document for a source; `key` makes one document per source and filter. */
  async open(hostId: string, key: string, title: string, follower: LogFollower): Promise<void> {
    const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${hostId}/${key}.log` });
    if (!this.docs.has(uri.toString())) {
      this.docs.set(uri.toString(), {
        hostId,
        follower,
        title,
        lines: [],
        attached: undefined,
        trying: false,
      });
      await this.tryAttach(uri);
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    this.following.add(uri.toString());
    revealEnd(editor);
  }

  /** The user scrolled: following stops when the last line leaves the view, and starts again when it is back. */
  private scrolled(editor: vscode.TextEditor): void {
    if (editor.document.uri.scheme !== LOG_SCHEME) return;
    const last = editor.visibleRanges.at(-1)?.end.line ?? 0;
    const key = editor.document.uri.toString();
    if (last >= editor.document.lineCount - 3) this.following.add(key);
    else this.following.delete(key);
  }

  /** New lines arrived: editors that were following show the new last line. */
  private grew(uri: vscode.Uri): void {
    if (uri.scheme !== LOG_SCHEME || !this.following.has(uri.toString())) return;
    for (const e of vscode.window.visibleTextEditors)
      if (e.document.uri.toString() === uri.toString()) revealEnd(e);
  }

  private reattachAll(): void {
    for (const [key, doc] of this.docs)
      if (!doc.attached && !doc.trying) void this.tryAttach(vscode.Uri.parse(key));
  }

  private async tryAttach(uri: vscode.Uri): Promise<void> {
    const doc = this.docs.get(uri.toString());
    const host = doc && this.hosts.get(doc.hostId);
    if (!doc || !host || doc.attached || doc.trying) return;
    doc.trying = true;
    try {
      if (!(await doc.follower.ready(host))) {
        if (doc.lines.length === 0)
          this.note(uri, vscode.l10n.t('waiting for {0} on {1}…', doc.title, host.label));
        return;
      }
      const abort = new AbortController();
      doc.attached = abort;
      this.note(uri, vscode.l10n.t('following {0} on {1}', doc.title, host.label));
      doc.follower.attach(host, this.sink(uri), abort.signal).then(
        (reason) => this.ended(uri, abort, reason ? new Error(reason) : undefined),
        (err: unknown) => this.ended(uri, abort, err),
      );
    } catch (err) {
      this.note(uri, vscode.l10n.t('cannot follow {0}: {1}', doc.title, (err as Error).message));
    } finally {
      doc.trying = false;
    }
  }

  private ended(uri: vscode.Uri, abort: AbortController, err: unknown): void {
    const doc = this.docs.get(uri.toString());
    if (!doc || doc.attached !== abort) return;
    doc.attached = undefined;
    if (abort.signal.aborted) return;
    const why = err ? (err as Error).message : vscode.l10n.t('the stream ended');
    this.log.info(`log ${uri.path}: ${why}`);
    this.note(uri, vscode.l10n.t('{0}; following again when it is back', why));
  }

  private sink(uri: vscode.Uri): LogSink {
    return { lines: (lines) => this.append(uri, lines), note: (text) => this.note(uri, text) };
  }

  private note(uri: vscode.Uri, text: string): void {
    this.append(uri, [`──── ${new Date().toISOString()} ${text} ────`]);
  }

  private append(uri: vscode.Uri, lines: string[]): void {
    const doc = this.docs.get(uri.toString());
    if (!doc || lines.length === 0) return;
    doc.lines.push(...lines);
    if (doc.lines.length > MAX_LINES) doc.lines.splice(0, doc.lines.length - MAX_LINES);
    this.pending.add(uri.toString());
    // Many lines a second become one document update every 200 ms.
    this.flushTimer ??= setTimeout(() => this.flush(), 200);
  }

  private flush(): void {
    this.flushTimer = undefined;
    for (const key of this.pending) this.changed.fire(vscode.Uri.parse(key));
    this.pending.clear();
  }

  private closed(uri: vscode.Uri): void {
    if (uri.scheme !== LOG_SCHEME) return;
    const doc = this.docs.get(uri.toString());
    doc?.attached?.abort();
    this.docs.delete(uri.toString());
    this.following.delete(uri.toString());
  }

  dispose(): void {
    for (const doc of this.docs.values()) doc.attached?.abort();
    this.docs.clear();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}

function revealEnd(editor: vscode.TextEditor): void {
  const end = new vscode.Position(editor.document.lineCount - 1, 0);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
}
