// Kubernetes-manifest benchmark (issue 11, "Performance"): `npm run bench -- k8s`, or
//   node --import tsx bench/k8s/k8s.bench.ts [--objects 2000] [--namespaces 20] [--files 40] [--edits 30] [--warmup 5]
//     [--profile DIR]   also write a V8 CPU profile of our server (node --cpu-prof) into DIR and summarise it
//     [--baseline FILE] also run FILE (an earlier build of dist/server.js, copied aside) as a third server, its
//                       edits alternating with the other two, for a before/after in the same window
//
// A generated project (Deployments, Services, NetworkPolicies, Ingresses over 20 namespaces and 40 files) is
// written to a temporary folder. In one run it measures: the whole project loaded and analysed in-process,
// fresh and after a one-character edit (the editor's path: unchanged files and documents keep their parse);
// then didChange -> publishDiagnostics over stdio for our built server (dist/server.js, the workspace folder as
// one project) and yaml-language-server on the same file. No Kubernetes JSON schema is available offline from
// npm (yaml-language-server's `kubernetes` association downloads one), so the peer runs schema-less: YAML
// syntax only. CPU per edit and resident memory for both. Writes bench/results/k8s-<date>.json.
import { spawnSync } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '@switchyard/protocol';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManifestFiles } from '../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../server/src/analyze-kubernetes';
import { LspClient } from '../lsp/lsp-client';
import type { ServerOptions } from '../lsp/lsp-client';
import { DocumentSession } from '../lsp/session';
import { summarizeProfile } from '../lsp/profile-summary';
import { round, summarize } from '../lsp/stats';
import type { Summary } from '../lsp/stats';
import { generateK8sProject } from './generate';

const repo = join(__dirname, '..', '..');

function count(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

interface Peer {
  key: string;
  label: string;
  options: (root: string) => ServerOptions;
  canary: { text: string; expect: (m: string) => boolean };
  versioned: boolean;
}

const profileArg = process.argv.indexOf('--profile');
const profileDir = profileArg >= 0 ? resolve(process.argv[profileArg + 1] ?? 'profile') : undefined;

const ours: Peer = {
  key: 'ours',
  label: 'switchyard',
  options: (root) => ({
    name: 'switchyard',
    command: process.execPath,
    args: [
      ...SERVER_NODE_FLAGS,
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
      join(repo, 'dist', 'server.js'),
      '--stdio',
    ],
    rootUri: root,
  }),
  canary: {
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: canary}\nspec:\n  type: NodePort\n  ports:\n    - {port: 80, nodePort: 80}\n',
    expect: (m) => /nodePort: Invalid value: 80/.test(m),
  },
  versioned: true,
};

const baselineArg = process.argv.indexOf('--baseline');
const baselineFile = baselineArg >= 0 ? resolve(process.argv[baselineArg + 1] ?? 'server.js') : undefined;

/** An earlier build of our server (`--baseline`), measured in the same run as the current one. */
const before = (file: string): Peer => ({
  ...ours,
  key: 'before',
  label: 'switchyard before (--baseline)',
  options: (root) => ({
    name: 'switchyard-before',
    command: process.execPath,
    args: [...SERVER_NODE_FLAGS, file, '--stdio'],
    rootUri: root,
  }),
});

const yls: Peer = {
  key: 'yls',
  label: 'yaml-language-server (schema-less)',
  options: (root) => ({
    name: 'yaml-language-server',
    command: process.execPath,
    args: [join(repo, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    rootUri: root,
    settings: (section) =>
      section === 'yaml'
        ? {
            validate: true,
            schemas: {},
            schemaStore: { enable: false },
            kubernetesCRDStore: { enable: false },
          }
        : section === 'http'
          ? {}
          : null,
  }),
  canary: { text: 'apiVersion: v1\nkind: Service\nmetadata: {name: [canary}\n', expect: () => true },
  versioned: false,
};

function inProcess(
  dir: string,
  editFile: string,
  runs: number,
): { fresh: Summary; edit: Summary; findings: number } {
  const texts = new Map<string, string>();
  const fs = {
    read: (p: string): string | undefined => texts.get(p) ?? readIf(p),
    list: (p: string): string[] | undefined => (isDir(p) ? readdirSync(p) : undefined),
  };
  const fresh: number[] = [];
  let findings = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    findings = analyzeKubernetes(
      loadKubernetesProject({ paths: [dir], recursive: true, files: new ManifestFiles(fs) }),
    ).length;
    if (i >= 3) fresh.push(performance.now() - t0);
  }
  const files = new ManifestFiles(fs);
  const path = join(dir, editFile);
  const base = readFileSync(path, 'utf8');
  const edits: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    texts.set(path, base.replace('nodePort: 30001', `nodePort: 3000${i % 10}`));
    const t0 = performance.now();
    analyzeKubernetes(loadKubernetesProject({ paths: [dir], recursive: true, files }));
    if (i >= 3) edits.push(performance.now() - t0);
  }
  return { fresh: summarize(fresh), edit: summarize(edits), findings };
}

const readIf = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};
const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

async function canary(peer: Peer, client: LspClient, dir: string): Promise<void> {
  const file = join(dir, `canary-${peer.key}`, 'canary.yaml');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, peer.canary.text);
  const uri = pathToFileURL(file).href;
  const next = client.nextDiagnostics((p) => p.uri === uri && p.diagnostics.length > 0, 60_000);
  await client.notify('textDocument/didOpen', {
    textDocument: { uri, languageId: 'yaml', version: 1, text: peer.canary.text },
  });
  const got = await next;
  if (!got.diagnostics.some((d) => peer.canary.expect(d.message)))
    throw new Error(
      `${peer.label} is not validating the canary: ${got.diagnostics.map((d) => d.message).join(' | ')}`,
    );
  await client.notify('textDocument/didClose', { textDocument: { uri } });
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('esbuild.mjs failed; dist/server.js is needed');
  const size = {
    objects: count('objects', 2000),
    namespaces: count('namespaces', 20),
    files: count('files', 40),
  };
  const plan = { warmup: count('warmup', 5), edits: count('edits', 30) };
  const project = generateK8sProject(size);
  const work = mkdtempSync(join(tmpdir(), 'switchyard-k8s-bench-'));
  const dir = join(work, 'project');
  for (const [rel, text] of project.files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  const load = loadavg().map((x) => x.toFixed(2));
  const results: Record<string, unknown>[] = [];
  const running: { peer: Peer; client: LspClient; session: DocumentSession; openMs: number }[] = [];
  try {
    const local = inProcess(dir, project.editFile, 20);
    console.log(
      `${project.objects} objects in ${project.files.size} files over ${size.namespaces} namespaces; findings on the clean project: ${local.findings}`,
    );
    console.log(
      `in-process load+analyze, whole project: fresh median ${local.fresh.median} ms p95 ${local.fresh.p95}; after an edit median ${local.edit.median} ms p95 ${local.edit.p95}`,
    );
    const file = join(dir, project.editFile);
    const uri = pathToFileURL(file).href;
    const text = project.files.get(project.editFile) ?? '';
    if (baselineFile !== undefined && !existsSync(baselineFile))
      throw new Error(`--baseline ${baselineFile} does not exist (copy an earlier dist/server.js there)`);
    const peers = baselineFile !== undefined ? [before(baselineFile), ours, yls] : [ours, yls];
    for (const peer of peers) {
      const client = await LspClient.start(peer.options(pathToFileURL(dir).href));
      await canary(peer, client, work);
      running.push({
        peer,
        client,
        session: new DocumentSession(client, uri, project.edit, peer.versioned, 'yaml'),
        openMs: NaN,
      });
    }
    for (const r of running) r.openMs = (await r.session.open(text)).ms;
    for (let i = 0; i < plan.warmup; i++) for (const r of running) await r.session.edit();
    const samples = new Map<string, number[]>(running.map((r) => [r.peer.key, []]));
    const cpu0 = running.map((r) => r.client.cpuMs());
    for (let i = 0; i < plan.edits; i++)
      for (const r of running) samples.get(r.peer.key)?.push(await r.session.edit());
    const cpu1 = running.map((r) => r.client.cpuMs());
    running.forEach((r, i) => {
      const mem = r.client.memory();
      results.push({
        server: r.peer.key,
        label: r.peer.label,
        openMs: round(r.openMs),
        change: summarize(samples.get(r.peer.key) ?? []),
        cpuPerEditMs: round(((cpu1[i] ?? NaN) - (cpu0[i] ?? NaN)) / plan.edits),
        rssMb: round(mem.rssMb, 1),
        hwmMb: round(mem.hwmMb, 1),
        diagnostics: r.session.lastCount,
      });
    });
    console.log('\ndidChange -> publishDiagnostics (ms), CPU per edit (ms), resident memory (MB):');
    console.log(
      'server                               open    median   p95     max     cpu/edit  rss     peak',
    );
    for (const r of results as {
      label: string;
      openMs: number;
      change: Summary;
      cpuPerEditMs: number;
      rssMb: number;
      hwmMb: number;
    }[]) {
      console.log(
        `${r.label.padEnd(36)} ${String(r.openMs).padEnd(7)} ${String(r.change.median).padEnd(8)} ${String(r.change.p95).padEnd(7)} ${String(r.change.max).padEnd(7)} ${String(r.cpuPerEditMs).padEnd(9)} ${String(r.rssMb).padEnd(7)} ${r.hwmMb}`,
      );
    }
    console.log(
      '(yaml-language-server validates 200 ms after a change and only the open file; ours checks the 40-file project, again what an edit can change)',
    );
    const out = join(repo, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    const json = join(out, `k8s-${new Date().toISOString().replace(/:/g, '-').slice(0, 19)}.json`);
    writeFileSync(
      json,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { node: process.version, cpus: cpus().length, loadavg: load },
          size,
          plan,
          inProcess: local,
          results,
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${json}`);
  } finally {
    await Promise.all(running.map((r) => r.client.stop()));
    rmSync(work, { recursive: true, force: true });
  }
  if (profileDir !== undefined) {
    const newest = existsSync(profileDir)
      ? readdirSync(profileDir)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort()
          .pop()
      : undefined;
    console.log(
      newest === undefined
        ? `\nno CPU profile in ${profileDir} (the server did not exit cleanly)`
        : `\n${summarizeProfile(join(profileDir, newest))}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`k8s bench failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
