// Builds of our server side by side, without the peer (issue 11): the generated 2,000-object project
// (generate.ts), each build its own process, their nodePort keystrokes alternating edit by edit so machine
// load hits them alike; didChange -> publishDiagnostics median / p95 / max, CPU per edit over all threads and
// of the main thread alone (the rest is V8's GC helper threads).
//   node --import tsx bench/k8s/builds.ts --servers /tmp/before.js,dist/server.js [--edits 100]
//     a server may carry node flags of its own: "dist/server.js|--single-threaded-gc"
//     [--node-args "..."] node flags for every server (after SERVER_NODE_FLAGS)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import { LspClient } from '../lsp/lsp-client';
import { DocumentSession } from '../lsp/session';
import { summarize } from '../lsp/stats';
import { generateK8sProject } from './generate';

const arg = (n: string): string | undefined => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mainThread = (pid: number | undefined): number =>
  Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
async function main(): Promise<void> {
  const servers = (arg('servers') ?? join(__dirname, '..', '..', 'dist', 'server.js')).split(',');
  const extra = (arg('node-args') ?? '').split(' ').filter(Boolean);
  const edits = Number(arg('edits') ?? 100);
  const project = generateK8sProject({ objects: 2000, namespaces: 20, files: 40 });
  const work = mkdtempSync(join(tmpdir(), 'switchyard-k8s-drive-'));
  for (const [rel, text] of project.files) {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  }
  const uri = pathToFileURL(join(work, project.editFile)).href;
  const runs: {
    server: string;
    client: LspClient;
    session: DocumentSession;
    ms: number[];
    cpu0: number;
    main0: number;
  }[] = [];
  for (const server of servers) {
    // "path|--flag --flag": node flags for that server alone.
    const [path = '', own = ''] = server.split('|');
    const client = await LspClient.start({
      name: server,
      command: process.execPath,
      args: [...SERVER_NODE_FLAGS, ...extra, ...own.split(' ').filter(Boolean), path, '--stdio'],
      rootUri: pathToFileURL(work).href,
    });
    const session = new DocumentSession(client, uri, project.edit, true, 'yaml');
    await session.open(project.files.get(project.editFile) ?? '');
    for (let i = 0; i < 10; i++) await session.edit();
    runs.push({ server, client, session, ms: [] as number[], cpu0: 0, main0: 0 });
  }
  const load = loadavg()[0]?.toFixed(1);
  for (const r of runs) {
    r.cpu0 = r.client.cpuMs();
    r.main0 = mainThread(r.client.process.pid);
  }
  for (let i = 0; i < edits; i++) for (const r of runs) r.ms.push(await r.session.edit());
  for (const r of runs) {
    const s = summarize(r.ms);
    console.log(
      `${r.server.padEnd(28)} median ${s.median} p95 ${s.p95} max ${s.max} cpu/edit ${((r.client.cpuMs() - r.cpu0) / edits).toFixed(2)} main ${((mainThread(r.client.process.pid) - r.main0) / edits).toFixed(2)} (load ${load})`,
    );
    await r.client.stop();
  }
  rmSync(work, { recursive: true, force: true });
}
main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`builds failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
