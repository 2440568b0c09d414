// The rule pages' examples: a rule's marked fixture (markers removed) is the wrong example; the right one is
// the file (or folder) beside it named `<fixture>.right.yaml` (`<fixture>.right/`), or else the fixture after
// the rule's quick fixes. `<fixture>.context.json` gives what the example needs besides the files: a connected
// host (`host`: the parts of its snapshot that matter; Docker's predefined networks are added), the active
// profiles (`profiles`) and the environment's variables (`env`). Both examples run through the real
// analysis and the layer the editor and the CLI apply (knock-ons dropped, ignore comments), loaded under
// /example so that no machine's path shows.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Finding } from '@switchyard/core';
import { HostNetworkSchema, HostSnapshotSchema } from '@switchyard/protocol';
import type { HostSnapshot } from '@switchyard/protocol';
import { applyLayer } from '../../server/src/findings/layer';
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
/** A caret marker line (removed from the examples): its indent and `#`, the carets, the code. */
export const MARKER = /^(\s*#\s*)(\^+)\s+([A-Z][A-Z0-9]*)(?:\s+(?:error|warning|information|hint))?\s*$/;

export interface Example {
  /** File name -> text, marker lines removed. */
  files: Map<string, string>;
  /** The fixture, relative to the repository. */
  from: string;
  kind: 'compose' | 'kubernetes';
  context?: ExampleContext;
}

/** What an example is checked with besides its files (`<fixture>.context.json`). */
export interface ExampleContext {
  /** The context file as written, for the page. */
  text: string;
  host?: HostSnapshot;
  /** Active compose profiles; absent: every profile counts (the editor's view). */
  profiles?: string[];
  /** Variables set in the environment (none otherwise). */
  env?: Record<string, string>;
}

/** Names of the files that go with a fixture and are not fixtures of their own. */
const COMPANION = /\.right(\.ya?ml)?$|\.context\.json$/;

export function exampleFor(info: CodeInfo, source: string | undefined): Example | undefined {
  // Loader codes have fixtures too: Compose ones in test/fixtures/rules, Kubernetes ones (KUSTOMIZE, HELM)
  // in its kubernetes/ folder.
  const dirs =
    info.kind === 'kubernetes'
      ? [join(FIXTURES, 'kubernetes')]
      : info.kind === 'loader'
        ? [FIXTURES, join(FIXTURES, 'kubernetes')]
        : [FIXTURES];
  for (const dir of dirs) {
    const kind = dir === FIXTURES ? 'compose' : 'kubernetes';
    const found = existsSync(dir) ? exampleIn(dir, kind, info.id, source) : undefined;
    if (found !== undefined) return found;
  }
  return undefined;
}

function exampleIn(
  dir: string,
  kind: Example['kind'],
  id: string,
  source: string | undefined,
): Example | undefined {
  const info = { id, kind };
  // The fixture named like the rule's file first (NET109-host-port-conflict.yaml before NET109-extends.yaml),
  // then one that marks a finding of the rule, then single files before folders.
  const own = source === undefined ? undefined : basename(source).replace(/\.ts$/, '.yaml');
  const names = readdirSync(dir)
    .filter((n) => n.startsWith(`${info.id}-`) && !COMPANION.test(n))
    .sort(
      (a, b) =>
        Number(b === own) - Number(a === own) ||
        Number(marks(join(dir, b), info.id)) - Number(marks(join(dir, a), info.id)) ||
        Number(isDir(join(dir, a))) - Number(isDir(join(dir, b))) ||
        a.localeCompare(b),
    );
  for (const name of names) {
    const path = join(dir, name);
    const files = filesOf(path, kind);
    if (files.size > 0) return { files, from: rel(path), kind, ...contextOf(path) };
  }
  return undefined;
}

/** A fixture's files: a folder's YAML files (and `.env`), or one file named as a user would name it. */
function filesOf(path: string, kind: Example['kind']): Map<string, string> {
  const files = new Map<string, string>();
  if (isDir(path)) {
    for (const f of readdirSync(path).sort()) {
      if (isDir(join(path, f))) {
        // A chart or a kustomize base one level down keeps its folder in the name.
        for (const g of readdirSync(join(path, f)).sort())
          if (/\.ya?ml$/.test(g)) files.set(`${f}/${g}`, clean(readFileSync(join(path, f, g), 'utf8')));
      } else if (/\.ya?ml$/.test(f) || f === '.env') files.set(f, clean(readFileSync(join(path, f), 'utf8')));
    }
  } else if (/\.ya?ml$/.test(path)) {
    files.set(kind === 'kubernetes' ? 'manifests.yaml' : 'compose.yaml', clean(readFileSync(path, 'utf8')));
  }
  return files;
}

/** The right example written beside the wrong one, when there is one. */
export function writtenRight(ex: Example): Example | undefined {
  const path = join(ROOT, ex.from);
  const right = isDir(path) ? `${path}.right` : path.replace(/(\.ya?ml)$/, '.right$1');
  if (!existsSync(right)) return undefined;
  return { ...ex, files: filesOf(right, ex.kind), from: rel(right) };
}

/** The predefined networks every Docker host has, as a host snapshot lists them. */
const PREDEFINED = [
  { name: 'bridge', driver: 'bridge', subnets: [{ subnet: '172.17.0.0/16' }] },
  { name: 'host', driver: 'host' },
  { name: 'none', driver: 'null' },
];

function contextOf(fixture: string): { context?: ExampleContext } {
  const path = `${fixture.replace(/\.ya?ml$/, '')}.context.json`;
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  const raw = JSON.parse(text) as {
    host?: { networks?: { name: string }[] };
    profiles?: string[];
    env?: Record<string, string>;
  };
  const context: ExampleContext = { text };
  if (raw.profiles !== undefined) context.profiles = raw.profiles;
  if (raw.env !== undefined) context.env = raw.env;
  if (raw.host !== undefined) {
    const given = raw.host.networks ?? [];
    const networks = [...PREDEFINED.filter((p) => !given.some((n) => n.name === p.name)), ...given].map(
      (n, i) => HostNetworkSchema.parse({ id: `${i}`.padStart(64, 'f'), driver: 'bridge', ...n }),
    );
    context.host = HostSnapshotSchema.parse({
      host: 'root@build-1',
      takenAt: '2026-01-01T00:00:00Z',
      ...raw.host,
      networks,
    });
  }
  return { context };
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
  /** Every finding on the example, as the editor and `switchyard lint` show them. */
  all: Finding<Span>[];
  /** Those of the rule the example is for. */
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
  const { findings, sources } = ex.kind === 'kubernetes' ? kubernetesRun(ex) : composeRun(ex);
  const all = applyLayer(findings, sources, []);
  return {
    all,
    findings: all.filter((f) => f.code === id),
    sources,
    where: (f) => whereIn(sources, f),
  };
}

const reader =
  (ex: Example) =>
  (p: string): string | undefined =>
    p.startsWith(`${EXAMPLE_DIR}/`) ? ex.files.get(p.slice(EXAMPLE_DIR.length + 1)) : undefined;

function kubernetesRun(ex: Example): { findings: Finding<Span>[]; sources: K8sSources } {
  // Folders the example's file names hold (a chart, a kustomize base) are listed as a disk would list them.
  const list = (p: string): string[] | undefined => {
    if (!p.startsWith(EXAMPLE_DIR)) return undefined;
    const prefix = p === EXAMPLE_DIR ? '' : `${p.slice(EXAMPLE_DIR.length + 1)}/`;
    const names = [...ex.files.keys()].filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length));
    return names.length === 0 ? undefined : [...new Set(names.map((n) => n.split('/')[0] ?? n))];
  };
  const project = loadKubernetesProject({
    paths: [EXAMPLE_DIR],
    recursive: true,
    files: new ManifestFiles({ read: reader(ex), list }),
  });
  return { findings: analyzeKubernetes(project), sources: project.sources };
}

type K8sSources = ReturnType<typeof loadKubernetesProject>['sources'];

function composeRun(ex: Example): {
  findings: Finding<Span>[];
  sources: ReturnType<typeof loadProject>['sources'];
} {
  const project = composeProject(ex);
  return { findings: analyze(project, ex.context?.host ?? null), sources: project.sources };
}

function composeProject(ex: Example): ReturnType<typeof loadProject> {
  return loadProject({
    files: composeFiles(ex),
    reader: { read: reader(ex) },
    env: ex.context?.env ?? {},
    projectDirectory: EXAMPLE_DIR,
    ...(ex.context?.profiles ? { profiles: ex.context.profiles } : {}),
  });
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
  let sources: ReadonlyMap<string, { lineStarts: number[] }>;
  let findings: Finding<Span>[];
  let fixOf: (f: Finding<Span>) => ProblemFix | undefined;
  if (ex.kind === 'kubernetes') {
    const run = runExample(ex, id);
    ({ sources, findings } = run);
    fixOf = replaceFixOf(sources);
  } else {
    const project = composeProject(ex);
    sources = project.sources;
    findings = analyze(project, ex.context?.host ?? null);
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
