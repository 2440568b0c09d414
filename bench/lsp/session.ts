// One open document on one server: open it, then type one character at a time into the edit target and
// time each didChange -> publishDiagnostics for that version.
import type { EditTarget } from './generate';
import type { LspClient, Published } from './lsp-client';

const TIMEOUT_MS = 60_000;

/**
 * `replace`: each keystroke replaces the address's last digit (the text keeps its length). `insert`: the
 * keystrokes alternately type a space after that digit and delete it, so the text after the edit moves by one
 * character each time (what typing does to everything below the cursor).
 */
export type Typing = 'replace' | 'insert';

export class DocumentSession {
  private version = 1;
  private digit: string;
  private spaced = false;
  /** Diagnostics in the last publish, so the report can show both servers found the file clean. */
  lastCount = 0;

  constructor(
    private readonly client: LspClient,
    private readonly uri: string,
    private readonly target: EditTarget,
    private readonly versioned: boolean,
    private readonly languageId: string,
    private readonly typing: Typing = 'replace',
  ) {
    this.digit = target.original;
  }

  /** Opens the document; resolves with the first diagnostics and the time they took (ms). */
  async open(text: string): Promise<{ published: Published; ms: number }> {
    const t0 = performance.now();
    const next = this.client.nextDiagnostics((p) => this.mine(p), TIMEOUT_MS);
    await this.client.notify('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: this.languageId, version: this.version, text },
    });
    const published = await next;
    this.lastCount = published.diagnostics.length;
    return { published, ms: published.at - t0 };
  }

  /** Replaces the target digit with the next one (a keystroke); resolves with the latency in ms. */
  async edit(): Promise<number> {
    this.version++;
    const change = this.typing === 'insert' ? this.spaceChange() : this.digitChange();
    const next = this.client.nextDiagnostics((p) => this.mine(p), TIMEOUT_MS);
    const t0 = performance.now();
    await this.client.notify('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [change],
    });
    const published = await next;
    this.lastCount = published.diagnostics.length;
    return published.at - t0;
  }

  private digitChange() {
    this.digit = String((Number(this.digit) + 1) % 10);
    const { line, character } = this.target;
    return {
      range: { start: { line, character }, end: { line, character: character + 1 } },
      text: this.digit,
    };
  }

  /** A trailing space after the address (YAML ignores it): typed, then deleted. */
  private spaceChange() {
    const { line } = this.target;
    const at = this.target.character + 1;
    this.spaced = !this.spaced;
    return this.spaced
      ? { range: { start: { line, character: at }, end: { line, character: at } }, text: ' ' }
      : { range: { start: { line, character: at }, end: { line, character: at + 1 } }, text: '' };
  }

  async close(): Promise<void> {
    await this.client.notify('textDocument/didClose', { textDocument: { uri: this.uri } });
  }

  /** This document's publish for the current version (or, unversioned, the first one after sending). */
  private mine(p: Published): boolean {
    if (p.uri !== this.uri) return false;
    return !this.versioned || p.version === undefined || p.version === this.version;
  }
}
