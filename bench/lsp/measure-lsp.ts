// didChange -> publishDiagnostics for every server on one generated project, in the same run: a fresh
// process per server and project, a canary document each must flag, then warm-up and measured edits
// interleaved between the servers (so load on this shared machine hits both alike), then resident memory.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HostSnapshotNotification } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import type { GeneratedProject } from './generate';
import { LspClient } from './lsp-client';
import type { ServerUnderTest } from './servers';
import { DocumentSession } from './session';
import type { Typing } from './session';
import { round, summarize } from './stats';
import type { Summary } from './stats';

export interface LspFigures {
  server: ServerUnderTest['key'];
  /** didOpen -> first diagnostics, ms (includes the server's first parse and JIT warm-up). */
  openMs: number;
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
  /** Diagnostics on the edited project at the end (the generated file is valid: expect 0). */
  diagnostics: number;
  rssMb: number;
  hwmMb: number;
}

export interface EditPlan {
  warmup: number;
  edits: number;
  typing: Typing;
}

/** What else is attached to the run (workspace.ts): a connected host, other projects open beside this one. */
export interface Extras {
  host?: HostSnapshot;
  siblings?: GeneratedProject[];
}

export async function measureLsp(
  servers: ServerUnderTest[],
  dir: string,
  project: GeneratedProject,
  plan: EditPlan,
  extras: Extras = {},
): Promise<LspFigures[]> {
  const file = join(dir, 'compose.yaml');
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, project.text);
  const uri = pathToFileURL(file).href;
  const running: { server: ServerUnderTest; client: LspClient; session: DocumentSession; openMs: number }[] =
    [];
  try {
    for (const server of servers) {
      const client = await LspClient.start(server.options(pathToFileURL(dir).href));
      running.push({
        server,
        client,
        session: new DocumentSession(
          client,
          uri,
          project.edit,
          server.versioned,
          server.languageId,
          plan.typing,
        ),
        openMs: NaN,
      });
      await checkCanary(server, client, join(dir, `canary-${server.key}`));
      // The client sends a connected host's snapshot to our server; the peer has no such thing.
      if (extras.host && server.key === 'ours') {
        await client.notify(HostSnapshotNotification.method, { snapshot: extras.host });
      }
    }
    await openSiblings(running, dir, extras.siblings ?? []);
    for (const r of running) r.openMs = (await r.session.open(project.text)).ms;
    for (let i = 0; i < plan.warmup; i++) for (const r of running) await r.session.edit();
    const samples = new Map<string, number[]>(running.map((r) => [r.server.key, []]));
    const cpuBefore = running.map((r) => r.client.cpuMs());
    const mainBefore = running.map((r) => r.client.mainThreadCpuMs());
    for (let i = 0; i < plan.edits; i++) {
      for (const r of running) samples.get(r.server.key)?.push(await r.session.edit());
    }
    const cpuAfter = running.map((r) => r.client.cpuMs());
    const mainAfter = running.map((r) => r.client.mainThreadCpuMs());
    return running.map((r, i) => ({
      server: r.server.key,
      cpuPerEditMs: round(((cpuAfter[i] ?? NaN) - (cpuBefore[i] ?? NaN)) / plan.edits),
      mainThreadCpuPerEditMs: round(((mainAfter[i] ?? NaN) - (mainBefore[i] ?? NaN)) / plan.edits),
      openMs: round(r.openMs),
      change: summarize(samples.get(r.server.key) ?? []),
      diagnostics: r.session.lastCount,
      ...roundedMemory(r.client.memory()),
    }));
  } finally {
    await Promise.all(running.map((r) => r.client.stop()));
  }
}

/**
 * Opens the other projects of the workspace in every server (each in its own folder, so each is its own
 * compose project) and waits for each one's first diagnostics, so the measured edits find them all loaded.
 */
async function openSiblings(
  running: { server: ServerUnderTest; client: LspClient }[],
  dir: string,
  siblings: GeneratedProject[],
): Promise<void> {
  const uris = siblings.map((p, i) => {
    const folder = join(dir, `project-${String(i + 1).padStart(2, '0')}`);
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'compose.yaml');
    writeFileSync(file, p.text);
    return { uri: pathToFileURL(file).href, text: p.text };
  });
  for (const r of running) {
    for (const { uri, text } of uris) {
      const next = r.client.nextDiagnostics((p) => p.uri === uri, 60_000);
      await r.client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: r.server.languageId, version: 1, text },
      });
      await next;
    }
  }
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
