// A real LSP client for tests: spawns the built dist/server.js over stdio and speaks JSON-RPC to it.
import { spawn } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver';
import { waitFor } from '../support/wait';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
export const SOURCE = join(__dirname, '..', '..', 'server', 'src', 'server.ts');

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** Capabilities the server registered dynamically (`client/registerCapability`), in order. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  private versions = new Map<string, number>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly conn: MessageConnection,
  ) {
    child.on('exit', () => (this.exited = true));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    conn.onRequest(
      'client/registerCapability',
      (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...p.registrations);
        return null;
      },
    );
  }

  /**
   * Starts the server: the built bundle by default, or `server/src/server.ts` through tsx (`fromSource`), which
   * needs no build step. `initializationOptions` as an editor passes them (protocol's `ServerOptionsSchema`).
   */
  static async start(
    rootPath: string,
    options: {
      fromSource?: boolean;
      initializationOptions?: unknown;
      workspaceCapabilities?: object;
      /** The server's environment (PATH with a test double of a tool); the test's own by default. */
      env?: NodeJS.ProcessEnv;
    } = {},
  ): Promise<LspClient> {
    // With the node flags the extension launches it with, so the tests run the server as it ships.
    const argv = [
      ...SERVER_NODE_FLAGS,
      ...(options.fromSource ? ['--import', 'tsx', SOURCE, '--stdio'] : [SERVER, '--stdio']),
    ];
    const child = spawn(process.execPath, argv, {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.env !== undefined ? { env: options.env } : {}),
    });
    if (!child.stdout || !child.stdin) throw new Error('no stdio');
    const conn = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    conn.listen();
    const client = new LspClient(child, conn);
    const init = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      capabilities: {
        textDocument: { publishDiagnostics: { relatedInformation: true } },
        ...(options.workspaceCapabilities ? { workspace: options.workspaceCapabilities } : {}),
      },
      ...(options.initializationOptions !== undefined
        ? { initializationOptions: options.initializationOptions }
        : {}),
    });
    await conn.sendNotification('initialized', {});
    (client as { capabilities?: unknown }).capabilities = (init as { capabilities: unknown }).capabilities;
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  async open(path: string, text: string): Promise<string> {
    const uri = pathToFileURL(path).href;
    this.versions.set(uri, 1);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'dockercompose', version: 1, text },
    });
    return uri;
  }

  /** Replaces the whole text (a full-content change event). Returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async changeRange(
    uri: string,
    range: { start: { line: number; character: number }; end: { line: number; character: number } },
    text: string,
  ): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /** Waits for diagnostics for `uri` (at `version` when given) that satisfy `ok`. */
  async diagnostics(
    uri: string,
    ok: (d: Diagnostic[]) => boolean = () => true,
    version?: number,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    return waitFor(
      () => {
        for (let i = this.published.length - 1; i >= 0; i--) {
          const p = this.published[i];
          if (p?.uri !== uri) continue;
          if (version !== undefined && p.version !== version) return undefined;
          return ok(p.diagnostics) ? p.diagnostics : undefined;
        }
        return undefined;
      },
      timeoutMs,
      { what: `diagnostics for ${uri}`, intervalMs: 5 },
    );
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), waitFor(() => this.exited, 5000)]);
      await this.conn.sendNotification('exit');
    } catch {
      // fall through to the kill below
    }
    await waitFor(() => this.exited, 5000).catch(() => this.child.kill('SIGKILL'));
    this.conn.dispose();
  }
}

/** A diagnostic's message as text (LSP 3.18 allows markup there). */
export function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function offsetOf(text: string, p: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < p.line; l++) off = text.indexOf('\n', off) + 1;
  return off + p.character;
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  return sorted.reduce(
    (t, e) => t.slice(0, offsetOf(t, e.range.start)) + e.newText + t.slice(offsetOf(t, e.range.end)),
    text,
  );
}

/**
 * Runs `fn` with a server started on a scratch folder that holds `files` (name -> text); stops the server and
 * removes the folder afterwards, whatever happens.
 */
export async function withScratchServer<T = void>(
  fn: (c: LspClient, dir: string) => Promise<T>,
  options: {
    files?: Record<string, string>;
    /** Writes what the test needs into the folder before the server starts (sub-folders, many files). */
    setup?: (dir: string) => void;
    initializationOptions?: unknown;
    workspaceCapabilities?: object;
    fromSource?: boolean;
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-lsp-'));
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(dir, name), text);
  const { files: _, setup, ...startOptions } = options;
  let client: LspClient;
  try {
    setup?.(dir);
    client = await LspClient.start(dir, startOptions);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  try {
    return await fn(client, dir);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
