// A minimal LSP client over stdio for the benchmark: spawns a server, answers what servers ask of a client
// (workspace/configuration, capability registration, progress), and lets the caller wait for the next
// publishDiagnostics of a document. Only what the benchmark needs; no editor involved.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { MessageConnection } from 'vscode-jsonrpc/node';

export interface Diagnostic {
  message: string;
  severity?: number;
  range: { start: { line: number; character: number } };
}

export interface Published {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
  /** performance.now() when the notification was read. */
  at: number;
}

export interface ServerOptions {
  name: string;
  command: string;
  args: string[];
  /** The answer to workspace/configuration, per section asked for. */
  settings?: (section: string | undefined) => unknown;
  rootUri: string;
}

type Waiter = {
  accept: (p: Published) => boolean;
  resolve: (p: Published) => void;
  reject: (err: Error) => void;
};

export class LspClient {
  private readonly waiters: Waiter[] = [];
  private stderr = '';

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
    private readonly connection: MessageConnection,
  ) {}

  static async start(options: ServerOptions): Promise<LspClient> {
    const child = spawn(options.command, options.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(options.name, child, connection);
    child.stderr.on('data', (d: Buffer) => (client.stderr = (client.stderr + d.toString()).slice(-4000)));
    const exited = new Promise<never>((_, reject) => {
      child.on('exit', (code, signal) => {
        const err = new Error(
          `${options.name} exited (code ${code}, signal ${signal}); stderr: ${client.stderr.trim() || '(empty)'}`,
        );
        for (const w of client.waiters.splice(0)) w.reject(err);
        reject(err);
      });
      child.on('error', reject);
    });
    exited.catch(() => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (p: Omit<Published, 'at'>) =>
      client.published({ ...p, at: performance.now() }),
    );
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => options.settings?.(item.section) ?? null),
    );
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification(() => undefined);
    connection.listen();
    const initialize = connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri,
      workspaceFolders: [{ uri: options.rootUri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
    });
    await Promise.race([initialize, exited]);
    await connection.sendNotification('initialized', {});
    if (options.settings) {
      // Pushed as well as answered on pull: servers differ in which of the two they read.
      const settings = { yaml: options.settings('yaml'), http: options.settings('http') };
      await connection.sendNotification('workspace/didChangeConfiguration', { settings });
    }
    return client;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** The next publishDiagnostics that `accept` takes, or an error naming the server after `timeoutMs`. */
  nextDiagnostics(accept: (p: Published) => boolean, timeoutMs: number): Promise<Published> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        accept,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(`${this.name}: no publishDiagnostics within ${timeoutMs} ms; stderr: ${this.stderr}`),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resident memory now and at its peak, in MB, from /proc (Linux). */
  memory(): { rssMb: number; hwmMb: number } {
    return readMemory(this.process.pid);
  }

  /** shutdown + exit, then waits for the process to end (a CPU profile is written at exit) before killing it. */
  /** CPU time the server has used so far, all threads, in ms (Linux schedstat: immune to machine load). */
  cpuMs(): number {
    return cpuMs(this.process.pid);
  }

  /** CPU time of the main (JavaScript) thread alone, ms: without the compiler's and the GC's helper threads. */
  mainThreadCpuMs(): number {
    return cpuMs(this.process.pid, true);
  }

  async stop(): Promise<void> {
    const ended = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), delay(5000)]);
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below either way.
    }
    await Promise.race([ended, delay(10_000)]);
    this.connection.dispose();
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill();
  }

  private published(p: Published): void {
    const i = this.waiters.findIndex((w) => w.accept(p));
    if (i < 0) return;
    const [w] = this.waiters.splice(i, 1);
    w?.resolve(p);
  }
}

export function readMemory(pid: number | undefined): { rssMb: number; hwmMb: number } {
  const status = readStatus(pid);
  const kb = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
}

export function cpuMs(pid: number | undefined, mainThreadOnly = false): number {
  try {
    let ns = 0;
    for (const task of mainThreadOnly ? [String(pid)] : readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return NaN;
  }
}

function readStatus(pid: number | undefined): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
