// Garbage collection during keystrokes (issue 11): our server (dist/server.js, or --server FILE) on the
// generated 2,000-object project, over node-ipc so that its stdout is free for V8's --trace-gc, which goes
// to --log FILE. After the first diagnostics, N nodePort keystrokes (each awaited); then the scavenges and
// mark-compacts during them, with their pause time, are counted from the log.
//   node --import tsx bench/k8s/gc.ts [--server FILE] [--edits 200] [--node-args "--single-threaded-gc"]
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import { generateK8sProject } from './generate';

const arg = (n: string): string | undefined => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
async function main(): Promise<void> {
  const server = arg('server') ?? join(__dirname, '..', '..', 'dist', 'server.js');
  const edits = Number(arg('edits') ?? 200);
  const log = arg('log') ?? '/tmp/k8s-gc.log';
  const project = generateK8sProject({ objects: 2000, namespaces: 20, files: 40 });
  const work = mkdtempSync(join(tmpdir(), 'switchyard-k8s-gc-'));
  for (const [rel, text] of project.files) {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  }
  const out = openSync(log, 'w');
  const child = fork(server, ['--node-ipc'], {
    execArgv: [...SERVER_NODE_FLAGS, '--trace-gc', ...(arg('node-args') ?? '').split(' ').filter(Boolean)],
    stdio: ['ignore', out, 'inherit', 'ipc'],
  });
  const c = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  let waiting: ((v: number) => void) | undefined;
  let want = 0;
  c.onNotification('textDocument/publishDiagnostics', (p: { version?: number }) => {
    if (p.version === want && waiting) waiting(performance.now());
  });
  c.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
  c.onRequest(() => null);
  c.listen();
  const root = pathToFileURL(work).href;
  await c.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'b' }],
    capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await c.sendNotification('initialized', {});
  const uri = pathToFileURL(join(work, project.editFile)).href;
  let version = 1;
  const next = (): Promise<number> => new Promise((r) => (waiting = r));
  want = 1;
  let done = next();
  await c.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version, text: project.files.get(project.editFile) },
  });
  await done;
  writeFileSync(`${log}.mark`, `${readFileSync(log, 'utf8').split('\n').length}\n`);
  let digit = Number(project.edit.original);
  const { line, character } = project.edit;
  for (let i = 0; i < edits; i++) {
    digit = (digit + 1) % 10;
    want = ++version;
    done = next();
    await c.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: { line, character }, end: { line, character: character + 1 } },
          text: String(digit),
        },
      ],
    });
    await done;
  }
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .slice(Number(readFileSync(`${log}.mark`, 'utf8')));
  const scav = lines.filter((l) => l.includes('Scavenge'));
  const mark = lines.filter((l) => l.includes('Mark-Compact') || l.includes('Mark-sweep'));
  const ms = (l: string): number => Number(/,\s*([\d.]+)\s*\/\s*[\d.]+\s*ms/.exec(l)?.[1] ?? 0);
  const sum = (ls: string[]): number => ls.reduce((s, l) => s + ms(l), 0);
  const max = (ls: string[]): number => ls.reduce((m, l) => Math.max(m, ms(l)), 0);
  console.log(
    `${edits} edits: ${scav.length} scavenges (${sum(scav).toFixed(1)} ms, longest ${max(scav).toFixed(1)} ms), ` +
      `${mark.length} mark-compacts (${sum(mark).toFixed(1)} ms, longest ${max(mark).toFixed(1)} ms)`,
  );
  child.kill();
  rmSync(work, { recursive: true, force: true });
}
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`gc failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
