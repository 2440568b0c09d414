// The rule pages' examples: a rule's marked fixture (markers removed), what Switchyard says on it, and the
// fixture after its quick fixes, loaded under /example so that no machine's path shows in a message.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Finding } from '@switchyard/core';
import { analyze } from '../../server/src/analyze';
import { composeFixOf, replaceFixOf } from '../../server/src/lint-cli/fixes';
import type { ProblemFix } from '../../server/src/lint-cli/problems';
import { loadProject } from '../../server/src/compose/loader';
import type { Span } from '../../server/src/yaml/tree';
import type { CodeInfo } from '../../server/src/findings/catalog';
import { ManifestFiles } from '../../server/src/kubernetes/files';
import { loadKubernetesProject } from '../../server/src/kubernetes/loader';
import { positionAt } from '../../server/src/yaml/positions';
import { analyzeKubernetes } from '../../server/src/analyze-kubernetes';

export const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'rules');
/** Examples are loaded from this folder (no real path, so no machine's path shows in a message). */
const EXAMPLE_DIR = '/example';
const MARKER = /^\s*#\s*\^+\s+[A-Z][A-Z0-9]*(?:\s+(?:error|warning|information|hint))?\s*$/;

export interface Example {
  /** File name -> text, marker lines removed. */
  files: Map<string, string>;
  /** The fixture, relative to the repository. */
  from: string;
  kind: 'compose' | 'kubernetes';
}

export function exampleFor(info: CodeInfo, source: string | undefined): Example | undefined {
  const dir = info.kind === 'kubernetes' ? join(FIXTURES, 'kubernetes') : FIXTURES;
  if (info.kind === 'loader' || !existsSync(dir)) return undefined;
  // The fixture named like the rule's file first (NET109-host-port-conflict.yaml before NET109-extends.yaml),
  // then one that marks a finding of the rule, then single files before folders.
  const own = source === undefined ? undefined : basename(source).replace(/\.ts$/, '.yaml');
  const names = readdirSync(dir)
    .filter((n) => n.startsWith(`${info.id}-`))
    .sort(
      (a, b) =>
        Number(b === own) - Number(a === own) ||
        Number(marks(join(dir, b), info.id)) - Number(marks(join(dir, a), info.id)) ||
        Number(isDir(join(dir, a))) - Number(isDir(join(dir, b))) ||
        a.localeCompare(b),
    );
  for (const name of names) {
    const path = join(dir, name);
    const files = new Map<string, string>();
    if (isDir(path)) {
      for (const f of readdirSync(path).sort()) {
        if (/\.ya?ml$/.test(f) || f === '.env') files.set(f, clean(readFileSync(join(path, f), 'utf8')));
      }
    } else if (/\.ya?ml$/.test(name)) {
      files.set(
        info.kind === 'kubernetes' ? 'manifests.yaml' : 'compose.yaml',
        clean(readFileSync(path, 'utf8')),
      );
    }
    if (files.size > 0)
      return { files, from: rel(path), kind: info.kind === 'kubernetes' ? 'kubernetes' : 'compose' };
  }
  return undefined;
}

const isDir = (p: string): boolean => statSync(p).isDirectory();
/** Whether a fixture file (or a file in a fixture folder) marks a finding of `id`. */
const marks = (p: string, id: string): boolean =>
  (isDir(p) ? readdirSync(p).map((n) => join(p, n)) : [p]).some(
    (f) => !isDir(f) && new RegExp(`#\\s*\\^+\\s+${id}\\b`).test(readFileSync(f, 'utf8')),
  );
export const rel = (p: string): string =>
  p
    .slice(ROOT.length + 1)
    .split('\\')
    .join('/');
const clean = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !MARKER.test(l))
    .join('\n')
    .replace(/\n+$/, '\n');

export interface Run {
  findings: Finding<Span>[];
  sources: ReadonlyMap<string, { lineStarts: number[] }>;
  /** Where a finding is, as `file:line`. */
  where(f: Finding<Span>): string;
}

/** Compose files in compose order: base files, then overrides. */
function composeFiles(ex: Example): string[] {
  const names = [...ex.files.keys()].filter((n) => /\.ya?ml$/.test(n));
  const main = names.filter((n) => /^(docker-)?compose\.ya?ml$/.test(n));
  const overrides = names.filter((n) => /override\.ya?ml$/.test(n));
  const chosen = main.length > 0 ? [...main, ...overrides] : names;
  return chosen.map((n) => `${EXAMPLE_DIR}/${n}`);
}

export function runExample(ex: Example, id: string): Run {
  const read = (p: string): string | undefined =>
    p.startsWith(`${EXAMPLE_DIR}/`) ? ex.files.get(p.slice(EXAMPLE_DIR.length + 1)) : undefined;
  if (ex.kind === 'kubernetes') {
    const project = loadKubernetesProject({
      paths: [EXAMPLE_DIR],
      recursive: true,
      files: new ManifestFiles({
        read,
        list: (p) => (p === EXAMPLE_DIR ? [...ex.files.keys()] : undefined),
      }),
    });
    const findings = analyzeKubernetes(project).filter((f) => f.code === id);
    return { findings, sources: project.sources, where: (f) => whereIn(project.sources, f) };
  }
  const project = loadProject({
    files: composeFiles(ex),
    reader: { read },
    env: {},
    projectDirectory: EXAMPLE_DIR,
  });
  const findings = analyze(project, null).filter((f) => f.code === id);
  return { findings, sources: project.sources, where: (f) => whereIn(project.sources, f) };
}

function whereIn(sources: ReadonlyMap<string, { lineStarts: number[] }>, f: Finding<Span>): string {
  const line = positionAt(sources.get(f.at.file)?.lineStarts ?? [0], f.at.start).line + 1;
  return `${basename(f.at.file)}:${line}`;
}

/** The example after each quick fix for `id` is applied, one at a time, as a user would; undefined when some finding stays. */
export function fixed(ex: Example, id: string): Example | undefined {
  let current = ex;
  for (let i = 0; i < 20; i++) {
    const edits = nextFix(current, id);
    if (edits === undefined) break;
    const files = new Map(current.files);
    for (const [path, list] of edits) {
      const name = path.slice(EXAMPLE_DIR.length + 1);
      let text = files.get(name) ?? '';
      for (const e of [...list].sort((a, b) => b.start - a.start))
        text = text.slice(0, e.start) + e.text + text.slice(e.end);
      files.set(name, text);
    }
    current = { ...current, files };
  }
  return runExample(current, id).findings.length === 0 && current !== ex ? current : undefined;
}

type Edits = Map<string, { start: number; end: number; text: string }[]>;

function nextFix(ex: Example, id: string): Edits | undefined {
  const read = (p: string): string | undefined =>
    p.startsWith(`${EXAMPLE_DIR}/`) ? ex.files.get(p.slice(EXAMPLE_DIR.length + 1)) : undefined;
  let sources: ReadonlyMap<string, { lineStarts: number[] }>;
  let findings: Finding<Span>[];
  let fixOf: (f: Finding<Span>) => ProblemFix | undefined;
  if (ex.kind === 'kubernetes') {
    const run = runExample(ex, id);
    ({ sources, findings } = run);
    fixOf = replaceFixOf(sources);
  } else {
    const project = loadProject({
      files: composeFiles(ex),
      reader: { read },
      env: {},
      projectDirectory: EXAMPLE_DIR,
    });
    sources = project.sources;
    findings = analyze(project, null);
    fixOf = composeFixOf(project);
  }
  for (const f of findings) {
    if (f.code !== id) continue;
    const fix = fixOf(f);
    if (fix === undefined) continue;
    const out: Edits = new Map();
    for (const e of fix.edits) {
      const starts = sources.get(e.file)?.lineStarts ?? [0];
      const at = (p: { line: number; character: number }): number => (starts[p.line] ?? 0) + p.character;
      out.set(e.file, [
        ...(out.get(e.file) ?? []),
        { start: at(e.range.start), end: at(e.range.end), text: e.text },
      ]);
    }
    return out;
  }
  return undefined;
}
