// didChange -> publishDiagnostics for every server on the same documents, in the same run: a fresh process
// per server and run, a canary document each must flag, then warm-up and measured edits interleaved between
// the servers (so load on this shared machine hits both alike), then resident memory. One project
// (measureLsp), or a workspace of many with edits spread over their files (measureDocuments).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HostSnapshotNotification } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import type { EditTarget, GeneratedProject } from './generate';
import { LspClient } from './lsp-client';
import type { ServerUnderTest } from './servers';
import { DocumentSession } from './session';
import type { Typing } from './session';
import { round, summarize } from './stats';
import type { Summary } from './stats';

export interface LspFigures {
  server: ServerUnderTest['key'];
  /** didOpen -> first diagnostics of the measured document, ms (includes the server's first parse and JIT warm-up). */
  openMs: number;
  /** Every document of the run opened one after the other, each to its first diagnostics, ms. */
  openAllMs: number;
  /**
   * CPU time of those opens, all threads and the main thread alone, ms: the open's work whatever the load
   * (wall time on this shared machine is mostly waiting for a core when it is busy).
   */
  openCpuMs: number;
  openMainThreadCpuMs: number;
  change: Summary;
  /**
   * CPU time per measured edit, all threads, ms: the work itself, unaffected by other load on the machine
   * or by fixed delays (over the whole measured phase, divided by the edit count).
   */
  cpuPerEditMs: number;
  /**
   * The same for the main thread alone: the server's own work and the GC pauses, without V8's background
   * threads (the optimising compiler, the GC's helpers), which weigh most in the first edits after an open.
   */
  mainThreadCpuPerEditMs: number;
  /** Diagnostics on the edited documents at the end (the generated files are valid: expect 0). */
  diagnostics: number;
  /** With `plan.perEdit`: each measured edit's latency and CPU (all threads / main thread), ms. */
  perEdit?: { ms: number; cpuMs: number; mainMs: number }[];
  rssMb: number;
  hwmMb: number;
}

export interface EditPlan {
  warmup: number;
  edits: number;
  typing: Typing;
  /** Also keep each measured edit's latency and CPU (alone.ts `--per-edit`): which edits set the p95, and why. */
  perEdit?: boolean;
}

/** What else is attached to the run (workspace.ts): a connected host, other projects open beside this one. */
export interface Extras {
  host?: HostSnapshot;
  siblings?: GeneratedProject[];
}

/** A file of the run: written under the run's folder, opened in every server, edited when it has a target. */
export interface OpenDocument {
  /** Relative to the run's folder. */
  file: string;
  text: string;
  edit?: EditTarget;
}

/** One project's compose.yaml, after the other projects of the workspace (each in its own folder). */
export async function measureLsp(
  servers: ServerUnderTest[],
  dir: string,
  project: GeneratedProject,
  plan: EditPlan,
  extras: Extras = {},
): Promise<LspFigures[]> {
  const siblings: OpenDocument[] = (extras.siblings ?? []).map((p, i) => ({
    file: join(`project-${String(i + 1).padStart(2, '0')}`, 'compose.yaml'),
    text: p.text,
  }));
  const measured = { file: 'compose.yaml', text: project.text, edit: project.edit };
  return measureDocuments(servers, dir, [...siblings, measured], plan, extras.host);
}

/**
 * Writes every document, then for each server (a fresh process) checks its canary, sends the host snapshot
 * (ours only), opens the documents in order, each awaited to its first diagnostics, and types: edit k goes
 * to the k-th document with an edit target (round robin; `editOrder`, a list of their `file`s, sets another
 * order), the servers alternating edit by edit.
 */
export async function measureDocuments(
  servers: ServerUnderTest[],
  dir: string,
  documents: OpenDocument[],
  plan: EditPlan,
  host?: HostSnapshot,
  editOrder?: string[],
): Promise<LspFigures[]> {
  const docs = documents.map((d) => {
    const path = join(dir, d.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, d.text);
    return { ...d, uri: pathToFileURL(path).href };
  });
  const editable = docs.filter((d) => d.edit !== undefined);
  const byFile = new Map(editable.map((d) => [d.file, d]));
  const edited = editOrder === undefined ? editable : editOrder.map((f) => byFile.get(f) ?? missing(f));
  if (edited.length === 0) throw new Error('measureDocuments: no document has an edit target');
  type Running = {
    server: ServerUnderTest;
    client: LspClient;
    sessions: DocumentSession[];
    openMs: number;
    openAllMs: number;
    openCpuMs: number;
    openMainThreadCpuMs: number;
  };
  const running: Running[] = [];
  try {
    for (const server of servers) {
      const client = await LspClient.start(server.options(pathToFileURL(dir).href));
      const sessions = new Map(
        edited.map((d) => [
          d.uri,
          new DocumentSession(
            client,
            d.uri,
            d.edit as EditTarget,
            server.versioned,
            server.languageId,
            plan.typing,
          ),
        ]),
      );
      const order = edited.map((d) => sessions.get(d.uri) as DocumentSession);
      running.push({
        server,
        client,
        sessions: order,
        openMs: NaN,
        openAllMs: NaN,
        openCpuMs: NaN,
        openMainThreadCpuMs: NaN,
      });
      await checkCanary(server, client, join(dir, `canary-${server.key}`));
      // The client sends a connected host's snapshot to our server; the peer has no such thing.
      if (host && server.key === 'ours') {
        await client.notify(HostSnapshotNotification.method, { snapshot: host });
      }
      const r = running[running.length - 1] as Running;
      const t0 = performance.now();
      const cpu0 = r.client.cpuMs();
      const main0 = r.client.mainThreadCpuMs();
      for (const d of docs) {
        const session = sessions.get(d.uri);
        if (session) r.openMs = (await session.open(d.text)).ms;
        else r.openMs = await openPlain(r.client, server, d.uri, d.text);
      }
      r.openAllMs = performance.now() - t0;
      r.openCpuMs = r.client.cpuMs() - cpu0;
      r.openMainThreadCpuMs = r.client.mainThreadCpuMs() - main0;
    }
    const edit = async (r: Running, k: number): Promise<number> =>
      (r.sessions[k % r.sessions.length] as DocumentSession).edit();
    let k = 0;
    for (let i = 0; i < plan.warmup; i++, k++) for (const r of running) await edit(r, k);
    const samples = new Map<string, number[]>(running.map((r) => [r.server.key, []]));
    const cpuBefore = running.map((r) => r.client.cpuMs());
    const mainBefore = running.map((r) => r.client.mainThreadCpuMs());
    const perEdit = running.map(() => [] as { ms: number; cpuMs: number; mainMs: number }[]);
    for (let i = 0; i < plan.edits; i++, k++) {
      for (const [j, r] of running.entries()) {
        const [cpu0, main0] = plan.perEdit ? [r.client.cpuMs(), r.client.mainThreadCpuMs()] : [0, 0];
        const ms = await edit(r, k);
        samples.get(r.server.key)?.push(ms);
        if (plan.perEdit) {
          const cpuMs = round(r.client.cpuMs() - cpu0);
          perEdit[j]?.push({ ms: round(ms), cpuMs, mainMs: round(r.client.mainThreadCpuMs() - main0) });
        }
      }
    }
    const cpuAfter = running.map((r) => r.client.cpuMs());
    const mainAfter = running.map((r) => r.client.mainThreadCpuMs());
    return running.map((r, i) => ({
      server: r.server.key,
      cpuPerEditMs: round(((cpuAfter[i] ?? NaN) - (cpuBefore[i] ?? NaN)) / plan.edits),
      mainThreadCpuPerEditMs: round(((mainAfter[i] ?? NaN) - (mainBefore[i] ?? NaN)) / plan.edits),
      openMs: round(r.openMs),
      openAllMs: round(r.openAllMs),
      openCpuMs: round(r.openCpuMs),
      openMainThreadCpuMs: round(r.openMainThreadCpuMs),
      change: summarize(samples.get(r.server.key) ?? []),
      diagnostics: [...new Set(r.sessions)].reduce((n, s) => n + s.lastCount, 0),
      ...(plan.perEdit ? { perEdit: perEdit[i] } : {}),
      ...roundedMemory(r.client.memory()),
    }));
  } finally {
    await Promise.all(running.map((r) => r.client.stop()));
  }
}

function missing(file: string): never {
  throw new Error(`measureDocuments: the edit order names ${file}, which is no document with an edit target`);
}

/** Opens a document nothing edits and waits for its first diagnostics; resolves with the time it took. */
async function openPlain(
  client: LspClient,
  server: ServerUnderTest,
  uri: string,
  text: string,
): Promise<number> {
  const t0 = performance.now();
  const next = client.nextDiagnostics((p) => p.uri === uri, 60_000);
  await client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: server.languageId, version: 1, text },
  });
  return (await next).at - t0;
}

/** Opens a document the server must flag and fails the run, naming the server, when it does not. */
async function checkCanary(server: ServerUnderTest, client: LspClient, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'compose.yaml');
  writeFileSync(file, server.canary.text);
  const uri = pathToFileURL(file).href;
  const next = client.nextDiagnostics((p) => p.uri === uri, 60_000);
  await client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: server.languageId, version: 1, text: server.canary.text },
  });
  const published = await next;
  if (!published.diagnostics.some(server.canary.expect)) {
    const got = published.diagnostics.map((d) => d.message).join(' | ') || 'no diagnostics';
    throw new Error(
      `${server.label} is not validating: on ${file} it should report ${server.canary.describe}, ` +
        `got: ${got}. Check its configuration (schema association) before trusting its timings.`,
    );
  }
  await client.notify('textDocument/didClose', { textDocument: { uri } });
}

function roundedMemory(m: { rssMb: number; hwmMb: number }): { rssMb: number; hwmMb: number } {
  return { rssMb: round(m.rssMb, 1), hwmMb: round(m.hwmMb, 1) };
}
