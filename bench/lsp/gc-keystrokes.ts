// Garbage collections per keystroke, in-process: the bench's keystrokes (the last digit of an address) through
// the server's text documents (notingTextDocuments: the LSP library's, whose update makes the new 1 MB text),
// the parse cache, loadProject and analyze, as the server runs them; CPU per keystroke of all threads and of
// the main thread (/proc/self/task/*/schedstat), and the collections by kind (PerformanceObserver).
//   node --max-semi-space-size=4 --heap-growing-percent=30 --no-turbo-inlining --import tsx \
//     bench/lsp/gc-keystrokes.ts [--sizes 1000x200] [--warmup 20] [--edits 100]
// Run it with the shipped flags (SERVER_NODE_FLAGS), and with --single-threaded-gc to see the GC helpers' share.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { readdirSync, readFileSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/analyze';
import { applyLayer } from '../../server/src/findings/layer';
import { loadProject, ParseCache } from '../../server/src/compose/loader';
import { notingTextDocuments } from '../../server/src/lsp/text-document';
import { arg, sizes } from './args';
import { generateProject } from './generate';

function cpuMs(main = false): number {
  let ns = 0;
  for (const t of main ? [String(process.pid)] : readdirSync(`/proc/self/task`)) {
    ns += Number(readFileSync(`/proc/self/task/${t}/schedstat`, 'utf8').split(' ')[0]);
  }
  return ns / 1e6;
}

const [size] = sizes('1000x200');
if (size === undefined) throw new Error('--sizes: SERVICESxNETWORKS, e.g. 1000x200');
const project = generateProject(size);
const edits = Number(arg('edits') ?? 100);
const warm = Number(arg('warmup') ?? 20);
const file = '/bench/compose.yaml';
let doc: TextDocument = notingTextDocuments.create('file:///bench/compose.yaml', 'yaml', 1, project.text);
const cache = new ParseCache();
const reader = { read: (p: string) => (p === file ? doc.getText() : undefined) };
// The rule layer after the rules, as the server applies it (ignore comments, levels).
const step = (): void => {
  const project = loadProject({ files: [file], reader, env: {}, parseCache: cache });
  applyLayer(analyze(project, null), project.sources, [], []);
};
let digit = Number(project.edit.original);
const edit = (): void => {
  digit = (digit + 1) % 10;
  const { line, character } = project.edit;
  const change = {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    text: String(digit),
  };
  doc = notingTextDocuments.update(doc, [change], doc.version + 1);
  step();
};
const gcs = { minor: 0, major: 0, incremental: 0, weak: 0, ms: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail: { kind: number } }).detail.kind;
    // perf_hooks' NODE_PERFORMANCE_GC_* kinds.
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcs.minor++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
    else if (kind === constants.NODE_PERFORMANCE_GC_INCREMENTAL) gcs.incremental++;
    else gcs.weak++;
    gcs.ms += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
step();
for (let i = 0; i < warm; i++) edit();
setTimeout(() => {
  Object.assign(gcs, { minor: 0, major: 0, incremental: 0, weak: 0, ms: 0 });
  const c0 = cpuMs();
  const m0 = cpuMs(true);
  const t0 = performance.now();
  for (let i = 0; i < edits; i++) edit();
  const wall = performance.now() - t0;
  const c1 = cpuMs();
  const m1 = cpuMs(true);
  setTimeout(() => {
    console.log(
      `${size.services} svc, ${edits} edits: per edit wall ${(wall / edits).toFixed(2)} ms, CPU all ${((c1 - c0) / edits).toFixed(2)}, main ${((m1 - m0) / edits).toFixed(2)}; ` +
        `GCs: scavenges ${gcs.minor}, mark-compacts ${gcs.major}, incremental marking ${gcs.incremental}, weak callbacks ${gcs.weak}; pauses ${(gcs.ms / edits).toFixed(2)} ms/edit; heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`,
    );
  }, 100);
}, 100);
