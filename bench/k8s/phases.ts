// Where an edit's time goes on the Kubernetes side, in-process: the generated project (generate.ts) loaded
// with the editor's kept ManifestFiles, then `--edits` one-character edits of the first Service's nodePort,
// each timed by phase (wall time; the total also as the process's CPU time, steadier on a loaded machine): load (walk, parse of the changed documents, kustomize, objects), and the analysis,
// split into per-object rules and each cross-object rule. Prints medians; with `node --cpu-prof` it is also
// the quickest profile of the analysis (no LSP, no bundle).
//   node --import tsx bench/k8s/phases.ts [--objects 2000] [--files 40] [--edits 60]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ManifestFiles } from '../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../server/src/kubernetes/loader';
import { analyzeKubernetes } from '../../server/src/analyze-kubernetes';
import { kubernetesRules } from '../../server/src/rules/kubernetes/registry';
import type { K8sRule } from '../../server/src/rules/kubernetes/rule';
import { summarize } from '../lsp/stats';
import { generateK8sProject } from './generate';

function count(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const project = generateK8sProject({
  objects: count('objects', 2000),
  namespaces: count('namespaces', 20),
  files: count('files', 40),
});
const work = mkdtempSync(join(tmpdir(), 'switchyard-k8s-phases-'));
// The editor's view: open buffers over a disk cache (as lsp/file-reader.ts keeps it).
const texts = new Map<string, string>();
const disk = new Map<string, string>();
const listings = new Map<string, string[] | undefined>();
const fs = {
  read: (p: string): string | undefined => {
    const t = texts.get(p) ?? disk.get(p);
    if (t !== undefined) return t;
    let fresh: string | undefined;
    try {
      fresh = readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
    disk.set(p, fresh);
    return fresh;
  },
  list: (p: string): string[] | undefined => {
    if (listings.has(p)) return listings.get(p);
    let names: string[] | undefined;
    try {
      names = statSync(p).isDirectory() ? readdirSync(p) : undefined;
    } catch {
      names = undefined;
    }
    listings.set(p, names);
    return names;
  },
};
try {
  for (const [rel, text] of project.files) {
    mkdirSync(dirname(join(work, rel)), { recursive: true });
    writeFileSync(join(work, rel), text);
  }
  const times = new Map<string, number[]>();
  const add = (k: string, ms: number): void => {
    const l = times.get(k) ?? [];
    l.push(ms);
    times.set(k, l);
  };
  // Each cross-object rule timed on its own; the per-object ones together (analyze runs them per object).
  const timed: K8sRule[] = kubernetesRules.map((r) =>
    r.scope === 'object'
      ? r
      : {
          ...r,
          run: (ctx) => {
            const t0 = performance.now();
            r.run(ctx);
            add(r.id, performance.now() - t0);
          },
        },
  );
  const files = new ManifestFiles(fs);
  const path = join(work, project.editFile);
  const base = readFileSync(path, 'utf8');
  const edits = count('edits', 60);
  for (let i = 0; i < edits + 5; i++) {
    texts.set(path, base.replace('nodePort: 30001', `nodePort: 3000${i % 10}`));
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const loaded = loadKubernetesProject({ paths: [work], recursive: true, files });
    const t1 = performance.now();
    analyzeKubernetes(loaded, timed);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    if (i < 5) {
      times.clear();
      continue;
    }
    add('load', t1 - t0);
    add('analyze', t2 - t1);
    add('total', t2 - t0);
    add('total CPU (process)', (c.user + c.system) / 1000);
  }
  const cross = [...times.entries()].filter(([k]) => /^K8S/.test(k));
  const crossSum = (i: number): number => cross.reduce((s, [, l]) => s + (l[i] ?? 0), 0);
  const n = times.get('total')?.length ?? 0;
  add('cross-object rules', 0);
  times.set(
    'cross-object rules',
    Array.from({ length: n }, (_, i) => crossSum(i)),
  );
  times.set(
    'per-object rules + model + dedupe',
    Array.from({ length: n }, (_, i) => (times.get('analyze')?.[i] ?? 0) - crossSum(i)),
  );
  console.log(`${project.objects} objects, ${project.files.size} files, ${n} edits: median / p95 ms`);
  const rows = [...times.entries()].map(([k, l]) => ({ k, s: summarize(l) }));
  rows.sort((a, b) => b.s.median - a.s.median);
  for (const { k, s } of rows.slice(0, 25))
    console.log(`  ${k.padEnd(36)} ${String(s.median).padStart(7)} ${String(s.p95).padStart(7)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
